import type { EventStore } from '@agenticflow/core';
import { makeEvents, waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import { uniqueToken } from '../ids.js';

export function consumersSuite(getStore: () => EventStore): void {
  it('resumes a named consumer after its stored position once it was closed', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const consumer = uniqueToken('consumer-');
    await store.append(`${prefix}a`, makeEvents(5));
    const first: number[] = [];
    const one = store.subscribe({
      consumer,
      filter: { streamPrefix: prefix },
      handler: (event) => void first.push(event.version),
    });
    await one.caughtUp;
    await one.close();
    expect(first).toEqual([1, 2, 3, 4, 5]);
    expect(await store.getConsumerPosition(consumer)).toBe(one.position);

    await store.append(`${prefix}a`, makeEvents(3));
    const second: number[] = [];
    const two = store.subscribe({
      consumer,
      from: 'start',
      filter: { streamPrefix: prefix },
      handler: (event) => void second.push(event.version),
    });
    await two.caughtUp;
    await two.close();
    expect(second).toEqual([6, 7, 8]);
  });

  it('stores the position after each handled event', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const consumer = uniqueToken('consumer-');
    const { events } = await store.append(`${prefix}a`, makeEvents(3));
    const positions: Array<bigint | null> = [];
    const subscription = store.subscribe({
      consumer,
      filter: { streamPrefix: prefix },
      handler: async () => void positions.push(await store.getConsumerPosition(consumer)),
    });
    await subscription.caughtUp;
    await subscription.close();
    expect(positions).toEqual([null, events[0]!.position, events[1]!.position]);
    expect(await store.getConsumerPosition(consumer)).toBe(events[2]!.position);
  });

  it('does not store the position of an event whose handler failed, so a restart gets it again', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const consumer = uniqueToken('consumer-');
    await store.append(`${prefix}a`, makeEvents(3));
    const failing = store.subscribe({
      consumer,
      filter: { streamPrefix: prefix },
      handler: (event) => {
        if (event.version === 2) throw new Error('crash while handling 2');
      },
    });
    expect((await failing.ended).reason).toBe('failed');
    const again: number[] = [];
    const retry = store.subscribe({
      consumer,
      filter: { streamPrefix: prefix },
      handler: (event) => void again.push(event.version),
    });
    await retry.caughtUp;
    await retry.close();
    expect(again).toEqual([2, 3]);
  });

  it('returns null for a consumer that never handled an event', async () => {
    const store = getStore();
    expect(await store.getConsumerPosition(uniqueToken('consumer-'))).toBeNull();
  });

  it('resumes without gaps when restarted while appenders keep writing', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const consumer = uniqueToken('consumer-');
    const seen = new Set<string>();
    const start = () =>
      store.subscribe({
        consumer,
        filter: { streamPrefix: prefix },
        batchSize: 5,
        handler: (event) => void seen.add(event.id),
      });
    let subscription = start();
    const writing = (async () => {
      for (let i = 0; i < 40; i++) await store.append(`${prefix}${i % 4}`, makeEvents(2));
    })();
    for (let restart = 0; restart < 3; restart++) {
      await waitFor(() => seen.size > restart * 15, { timeoutMs: 10_000 });
      await subscription.close();
      subscription = start();
    }
    await writing;
    await waitFor(() => seen.size === 80, {
      timeoutMs: 15_000,
      message: '80 distinct events across restarts',
    });
    await subscription.close();
  });
}
