import { waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventBusHarness } from '../harness.js';
import { uniqueToken } from '../ids.js';
import { inbox, settle, useBus } from './bus-test-kit.js';

export function groupsSuite(harness: EventBusHarness): void {
  const { bus } = useBus(harness);

  it('delivers each message to exactly one member of a group', async () => {
    const topic = `${uniqueToken()}.work`;
    const group = uniqueToken('g');
    const members = [inbox(), inbox(), inbox()];
    for (const member of members) await bus().subscribe(topic, member.handler, { group });
    const total = 60;
    for (let n = 0; n < total; n++) await bus().publish(topic, { payload: { n } });
    const all = () => members.flatMap((member) => member.ids());
    await waitFor(() => all().length >= total, { message: `${total} messages across the group` });
    await settle();
    const ids = all();
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('gives every group, and every plain subscriber, its own copy', async () => {
    const topic = `${uniqueToken()}.copies`;
    const groupA = [inbox(), inbox()];
    const groupB = [inbox(), inbox()];
    const plain = inbox();
    const a = uniqueToken('a');
    const b = uniqueToken('b');
    for (const member of groupA) await bus().subscribe(topic, member.handler, { group: a });
    for (const member of groupB) await bus().subscribe(topic, member.handler, { group: b });
    await bus().subscribe(topic, plain.handler);
    for (let n = 0; n < 20; n++) await bus().publish(topic, { payload: n });
    const count = (members: ReturnType<typeof inbox>[]) =>
      new Set(members.flatMap((member) => member.ids())).size;
    await waitFor(
      () => count(groupA) === 20 && count(groupB) === 20 && plain.messages.length === 20,
    );
    await settle();
    expect(groupA.flatMap((member) => member.ids())).toHaveLength(20);
    expect(groupB.flatMap((member) => member.ids())).toHaveLength(20);
  });

  it('keeps messages published while a group has no member and delivers them when one joins', async () => {
    const topic = `${uniqueToken()}.parked`;
    const group = uniqueToken('g');
    const first = inbox();
    const subscription = await bus().subscribe(topic, first.handler, { group });
    await subscription.unsubscribe();
    for (let n = 0; n < 3; n++) await bus().publish(topic, { payload: n });
    const later = inbox();
    await bus().subscribe(topic, later.handler, { group });
    await waitFor(() => later.messages.length === 3, { message: 'the three parked messages' });
    expect(later.payloads().sort()).toEqual([0, 1, 2]);
    expect(first.messages).toHaveLength(0);
  });

  it('runs up to `concurrency` handlers of one member at once', async () => {
    const topic = `${uniqueToken()}.parallel`;
    let running = 0;
    let peak = 0;
    let done = 0;
    await bus().subscribe(
      topic,
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 50));
        running--;
        done++;
      },
      { group: uniqueToken('g'), concurrency: 4 },
    );
    for (let n = 0; n < 8; n++) await bus().publish(topic, { payload: n });
    await waitFor(() => done === 8);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
  });
}
