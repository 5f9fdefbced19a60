import type { BusMessage } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventBusHarness } from '../harness.js';
import { uniqueToken } from '../ids.js';
import { settle, useBus } from './bus-test-kit.js';

const fast = { backoff: () => 20 };

export function redeliverySuite(harness: EventBusHarness): void {
  const { bus } = useBus(harness);

  it('delivers a message again with a higher deliveryAttempt after the handler throws', async () => {
    const topic = `${uniqueToken()}.retry`;
    const attempts: number[] = [];
    await bus().subscribe(
      topic,
      (message) => {
        attempts.push(message.deliveryAttempt);
        if (message.deliveryAttempt < 3)
          throw new Error(`failing attempt ${message.deliveryAttempt}`);
      },
      { ...fast, maxDeliveries: 5 },
    );
    await bus().publish(topic, { payload: 'x' });
    await waitFor(() => attempts.length === 3, { message: 'three attempts' });
    await settle();
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('redelivers within a group as well, to some member', async () => {
    const topic = `${uniqueToken()}.retry-group`;
    const group = uniqueToken('g');
    const seen: BusMessage[] = [];
    const handler = (message: BusMessage) => {
      seen.push(message);
      if (message.deliveryAttempt === 1) throw new Error('first attempt fails');
    };
    await bus().subscribe(topic, handler, { ...fast, group });
    await bus().subscribe(topic, handler, { ...fast, group });
    const { id } = await bus().publish(topic, { payload: 1 });
    await waitFor(() => seen.length === 2);
    await settle();
    expect(seen.map((message) => [message.id, message.deliveryAttempt])).toEqual([
      [id, 1],
      [id, 2],
    ]);
  });

  it('waits the backoff before redelivering', async () => {
    const topic = `${uniqueToken()}.backoff`;
    const times: number[] = [];
    await bus().subscribe(
      topic,
      () => {
        times.push(Date.now());
        if (times.length === 1) throw new Error('retry me later');
      },
      { backoff: () => 300 },
    );
    await bus().publish(topic, { payload: 1 });
    await waitFor(() => times.length === 2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(250);
  });

  it('keeps delivering other messages while one is being retried', async () => {
    const topic = `${uniqueToken()}.poison`;
    const good: number[] = [];
    await bus().subscribe(
      topic,
      (message) => {
        if (message.payload === 'poison') throw new Error('cannot digest');
        good.push(message.payload as number);
      },
      { backoff: () => 200, maxDeliveries: 3 },
    );
    await bus().publish(topic, { payload: 'poison' });
    for (let n = 0; n < 5; n++) await bus().publish(topic, { payload: n });
    await waitFor(() => good.length === 5, {
      message: 'the five good messages behind the poison one',
    });
    expect(good.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('redelivers a message whose handler exceeds ackTimeoutMs, aborting its signal', async () => {
    const topic = `${uniqueToken()}.stuck`;
    const attempts: number[] = [];
    let firstSignal: AbortSignal | undefined;
    await bus().subscribe(
      topic,
      async (message, context) => {
        attempts.push(message.deliveryAttempt);
        if (message.deliveryAttempt === 1) {
          firstSignal = context.signal;
          await new Promise((resolve) => setTimeout(resolve, 3_000));
        }
      },
      { ...fast, ackTimeoutMs: 400, concurrency: 2 },
    );
    await bus().publish(topic, { payload: 1 });
    await waitFor(() => attempts.length >= 2, {
      timeoutMs: 8_000,
      message: 'a redelivery after the ack timeout',
    });
    expect(attempts.slice(0, 2)).toEqual([1, 2]);
    expect(firstSignal?.aborted).toBe(true);
  });

  it('does not redeliver while a long handler reports working(), also destructured', async () => {
    const topic = `${uniqueToken()}.working`;
    const attempts: number[] = [];
    let finished = false;
    await bus().subscribe(
      topic,
      // Handlers often destructure the context: `working` must not depend on `this`.
      async (message, { working }) => {
        attempts.push(message.deliveryAttempt);
        for (let tick = 0; tick < 8; tick++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          working();
        }
        finished = true;
      },
      { ...fast, ackTimeoutMs: 400, concurrency: 2 },
    );
    await bus().publish(topic, { payload: 1 });
    await waitFor(() => finished, { timeoutMs: 5_000 });
    await settle(600);
    expect(attempts).toEqual([1]);
  });
}
