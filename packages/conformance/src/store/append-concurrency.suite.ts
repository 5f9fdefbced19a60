import { collect, type EventStore, hasErrorCode } from '@agenticflow/core';
import { makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';

export function appendConcurrencySuite(getStore: () => EventStore): void {
  it('lets exactly one of 50 concurrent appends with the same expectedVersion win, without version gaps', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(1));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        store.append(streamId, makeEvents(2), { expectedVersion: 1 }),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    for (const outcome of lost)
      expect(
        hasErrorCode(outcome.reason, 'EXPECTED_VERSION_CONFLICT'),
        String(outcome.reason),
      ).toBe(true);
    const versions = (await collect(store.readStream(streamId))).map((event) => event.version);
    expect(versions).toEqual([1, 2, 3]);
  });

  it("lets one of two concurrent 'no_stream' creates win", async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const outcomes = await Promise.allSettled([
      store.append(streamId, makeEvents(1, 'test.first'), { expectedVersion: 'no_stream' }),
      store.append(streamId, makeEvents(1, 'test.second'), { expectedVersion: 'no_stream' }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(
      hasErrorCode(rejected?.reason, 'EXPECTED_VERSION_CONFLICT'),
      String(rejected?.reason),
    ).toBe(true);
    expect(await collect(store.readStream(streamId))).toHaveLength(1);
  });

  it("keeps every batch contiguous when 20 writers append with 'any' at once", async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const batches = Array.from({ length: 20 }, (_, writer) =>
      makeEvents(3, 'test.batch', { writer }),
    );
    await Promise.all(batches.map((batch) => store.append(streamId, batch)));
    const events = await collect(store.readStream(streamId));
    expect(events.map((event) => event.version)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    for (let start = 0; start < 60; start += 3) {
      const writers = new Set(
        events.slice(start, start + 3).map((event) => (event.data as { writer: number }).writer),
      );
      expect(writers.size, `events ${start + 1}-${start + 3} come from one batch`).toBe(1);
    }
    const positions = events.map((event) => event.position);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
  });

  it('assigns versions and positions atomically under concurrent appends to many streams', async () => {
    const store = getStore();
    const streams = Array.from({ length: 10 }, () => uniqueStreamId());
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.append(streams[i % streams.length]!, makeEvents(2)),
      ),
    );
    const seen = new Set<bigint>();
    for (const streamId of streams) {
      const events = await collect(store.readStream(streamId));
      expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const event of events) {
        expect(seen.has(event.position)).toBe(false);
        seen.add(event.position);
      }
    }
  });
}
