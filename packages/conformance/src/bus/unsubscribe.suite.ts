import { waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventBusHarness } from '../harness.js';
import { uniqueToken } from '../ids.js';
import { inbox, settle, useBus } from './bus-test-kit.js';

export function unsubscribeSuite(harness: EventBusHarness): void {
  const { bus } = useBus(harness);

  it('delivers nothing after unsubscribe, and unsubscribe is safe to repeat', async () => {
    const topic = `${uniqueToken()}.unsub`;
    const leaving = inbox();
    const staying = inbox();
    const subscription = await bus().subscribe(topic, leaving.handler);
    await bus().subscribe(topic, staying.handler);
    await bus().publish(topic, { payload: 'before' });
    await waitFor(() => leaving.messages.length === 1 && staying.messages.length === 1);
    await subscription.unsubscribe();
    await subscription.unsubscribe();
    for (let n = 0; n < 3; n++) await bus().publish(topic, { payload: n });
    await waitFor(() => staying.messages.length === 4);
    await settle();
    expect(leaving.payloads()).toEqual(['before']);
  });

  it('waits for in-flight handlers before unsubscribe resolves', async () => {
    const topic = `${uniqueToken()}.inflight`;
    let started = false;
    let finished = false;
    const subscription = await bus().subscribe(topic, async () => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
      finished = true;
    });
    await bus().publish(topic, { payload: 1 });
    await waitFor(() => started);
    await subscription.unsubscribe();
    expect(finished).toBe(true);
  });
}
