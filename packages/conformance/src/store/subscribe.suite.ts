import type { AgenticEvent, EventStore } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, waitFor } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import { uniqueToken } from '../ids.js';

export function subscribeSuite(getStore: () => EventStore): void {
  it('delivers stored events, then live ones, in position order', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    await store.append(`${prefix}a`, makeEvents(3));
    const seen: AgenticEvent[] = [];
    const subscription = store.subscribe({
      filter: { streamPrefix: prefix },
      handler: (event) => void seen.push(event),
    });
    await subscription.caughtUp;
    expect(seen).toHaveLength(3);
    await store.append(`${prefix}b`, makeEvents(2));
    await store.append(`${prefix}a`, makeEvents(1));
    await waitFor(() => seen.length === 6, { message: 'six events' });
    await subscription.close();
    expect(seen.map((event) => `${event.streamId.slice(prefix.length)}${event.version}`)).toEqual([
      'a1',
      'a2',
      'a3',
      'b1',
      'b2',
      'a4',
    ]);
    expect(subscription.position).toBe(seen[5]?.position);
  });

  it("starts after the current end with from: 'end'", async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    await store.append(`${prefix}a`, makeEvents(2));
    const seen: AgenticEvent[] = [];
    const subscription = store.subscribe({
      from: 'end',
      filter: { streamPrefix: prefix },
      handler: (event) => void seen.push(event),
    });
    await subscription.caughtUp;
    await store.append(`${prefix}a`, makeEvents(1));
    await waitFor(() => seen.length === 1);
    await subscription.close();
    expect(seen[0]?.version).toBe(3);
  });

  it('starts at a given position', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const { events } = await store.append(`${prefix}a`, makeEvents(4));
    const seen: number[] = [];
    const subscription = store.subscribe({
      from: events[2]!.position,
      filter: { streamPrefix: prefix },
      handler: (event) => void seen.push(event.version),
    });
    await subscription.caughtUp;
    await subscription.close();
    expect(seen).toEqual([3, 4]);
  });

  it('delivers only events matching the type filter', async () => {
    const store = getStore();
    const token = uniqueToken();
    const seen: string[] = [];
    const subscription = store.subscribe({
      from: 'end',
      filter: { types: [`${token}.wanted`] },
      handler: (event) => void seen.push(event.type),
    });
    await subscription.caughtUp;
    await store.append(`${token}-s`, [
      ...makeEvents(1, `${token}.other`),
      ...makeEvents(2, `${token}.wanted`),
    ]);
    await waitFor(() => seen.length === 2);
    await subscription.close();
    expect(seen).toEqual([`${token}.wanted`, `${token}.wanted`]);
  });

  it('ends with the error when the handler throws, and delivers nothing after it', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    await store.append(`${prefix}a`, makeEvents(3));
    const seen: number[] = [];
    const subscription = store.subscribe({
      filter: { streamPrefix: prefix },
      handler: (event) => {
        seen.push(event.version);
        if (event.version === 2) throw new Error('handler broke on 2');
      },
    });
    const end = await subscription.ended;
    expect(end.reason).toBe('failed');
    expect(end.reason === 'failed' && String(end.error)).toContain('handler broke on 2');
    expect(seen).toEqual([1, 2]);
  });

  it('stops delivering after close, and close is safe to repeat', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const seen: number[] = [];
    const subscription = store.subscribe({
      from: 'end',
      filter: { streamPrefix: prefix },
      handler: (event) => void seen.push(event.version),
    });
    await subscription.caughtUp;
    await store.append(`${prefix}a`, makeEvents(1));
    await waitFor(() => seen.length === 1);
    await subscription.close();
    await subscription.close();
    expect(await subscription.ended).toEqual({ reason: 'closed' });
    const marker: number[] = [];
    const witness = store.subscribe({
      from: 'end',
      filter: { streamPrefix: prefix },
      handler: (event) => void marker.push(event.version),
    });
    await witness.caughtUp;
    await store.append(`${prefix}a`, makeEvents(2));
    await waitFor(() => marker.length === 2, {
      message: 'a live subscription to see the new events',
    });
    await witness.close();
    expect(seen).toEqual([1]);
  });

  it('never misses an event that commits late with a lower position, under concurrent appenders', async () => {
    const store = getStore();
    const prefix = `${uniqueToken()}-`;
    const seen: AgenticEvent[] = [];
    const subscription = store.subscribe({
      filter: { streamPrefix: prefix },
      batchSize: 7,
      handler: (event) => void seen.push(event),
    });
    const writers = 8;
    const appendsPerWriter = 25;
    const sizeOf = (i: number) => 1 + (i % 3);
    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let i = 0; i < appendsPerWriter; i++)
          await store.append(`${prefix}${writer}-${i % 3}`, makeEvents(sizeOf(i)));
      }),
    );
    let perWriter = 0;
    for (let i = 0; i < appendsPerWriter; i++) perWriter += sizeOf(i);
    const expected = writers * perWriter;
    await waitFor(() => seen.length >= expected, {
      timeoutMs: 20_000,
      message: `${expected} events`,
    });
    await subscription.close();
    expect(seen).toHaveLength(expected);
    expect(new Set(seen.map((event) => event.id)).size).toBe(expected);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.position > seen[i - 1]!.position).toBe(true);
  });

  it('rejects invalid subscribe options', async () => {
    const store = getStore();
    await expectRejectedCode(
      Promise.resolve().then(() => store.subscribe({ handler: 5 as never })),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      Promise.resolve().then(() => store.subscribe({ handler: () => {}, from: 0n })),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      Promise.resolve().then(() => store.subscribe({ handler: () => {}, consumer: '' })),
      'VALIDATION_FAILED',
    );
  });
}
