import { waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventBusHarness } from '../harness.js';
import { uniqueToken } from '../ids.js';
import { inbox, settle, useBus } from './bus-test-kit.js';

export function fanOutSuite(harness: EventBusHarness): void {
  const { bus } = useBus(harness);

  it('delivers every message to every plain subscriber', async () => {
    const topic = `${uniqueToken()}.fan`;
    const boxes = [inbox(), inbox(), inbox()];
    for (const box of boxes) await bus().subscribe(topic, box.handler);
    const published = [];
    for (let n = 0; n < 10; n++)
      published.push((await bus().publish(topic, { payload: { n } })).id);
    await waitFor(() => boxes.every((box) => box.messages.length >= 10), {
      message: 'ten messages at each subscriber',
    });
    await settle();
    for (const box of boxes) expect(box.ids().sort()).toEqual([...published].sort());
  });

  it('delivers messages in publish order to a subscriber with concurrency 1 when nothing fails', async () => {
    const topic = `${uniqueToken()}.ordered`;
    const box = inbox();
    await bus().subscribe(topic, box.handler);
    for (let n = 0; n < 50; n++) await bus().publish(topic, { payload: n });
    await waitFor(() => box.messages.length === 50);
    expect(box.payloads()).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });

  it('delivers the id, topic, payload, headers, publish time and first attempt', async () => {
    const topic = `${uniqueToken()}.fields`;
    const box = inbox();
    await bus().subscribe(topic, box.handler);
    const payload = { text: 'héllo 🚀', list: [1, null, { deep: true }], n: 0.25 };
    const { id } = await bus().publish(topic, {
      id: 'custom-id-1',
      payload,
      headers: { traceparent: '00-abc-def-01', 'x-tenant': 'acme' },
    });
    expect(id).toBe('custom-id-1');
    await waitFor(() => box.messages.length === 1);
    const [message] = box.messages;
    expect(message).toMatchObject({ id: 'custom-id-1', topic, payload, deliveryAttempt: 1 });
    expect(message?.headers).toMatchObject({ traceparent: '00-abc-def-01', 'x-tenant': 'acme' });
    expect(Math.abs(Date.parse(message!.publishedAt) - Date.now())).toBeLessThan(60_000);
  });

  it('generates a unique id for each message published without one', async () => {
    const topic = `${uniqueToken()}.ids`;
    const a = await bus().publish(topic, { payload: 1 });
    const b = await bus().publish(topic, { payload: 1 });
    expect(a.id).not.toBe(b.id);
    expect(a.id.length).toBeGreaterThan(0);
  });
}
