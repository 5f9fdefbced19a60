import { describe, expect, it } from 'vitest';
import type { AgenticEvent } from '../events/envelope.js';
import { createUuidV7Source } from '../util/uuid.js';
import { EventIdIndex } from './event-id-index.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

function event(id: string, streamId = 'stream-a'): AgenticEvent {
  return {
    id,
    type: 'test.happened',
    streamId,
    version: 1,
    position: 1n,
    time: '2026-01-01T00:00:00.000Z',
    data: null,
    metadata: {},
  };
}

describe('EventIdIndex', () => {
  it('finds ids added in ascending order and ids added out of order', () => {
    const deleted = new Set<string>();
    const index = new EventIdIndex((stored) => deleted.has(stored.streamId));
    const next = createUuidV7Source();
    const ascending = Array.from({ length: 50 }, (_, i) => event(next(1_000 + i)));
    const random = [
      event('ffffffff-ffff-4fff-bfff-ffffffffffff'),
      event('00000000-0000-4000-8000-000000000000'),
    ];
    for (const stored of ascending.slice(0, 25)) index.add(stored);
    for (const stored of random) index.add(stored);
    for (const stored of ascending.slice(25)) index.add(stored);
    for (const stored of [...ascending, ...random]) expect(index.get(stored.id)).toBe(stored);
    expect(index.get(next(5_000))).toBeUndefined();
    expect(index.get('7fffffff-ffff-4fff-bfff-ffffffffffff')).toBeUndefined();
  });

  it('does not find events of deleted streams, before or after compaction', () => {
    const deleted = new Set<string>();
    const index = new EventIdIndex((stored) => deleted.has(stored.streamId));
    const next = createUuidV7Source();
    const kept = event(next(1), 'kept');
    const gone = event(next(2), 'gone');
    const goneOutOfOrder = event('00000000-0000-4000-8000-000000000000', 'gone');
    for (const stored of [kept, gone, goneOutOfOrder]) index.add(stored);
    deleted.add('gone');
    index.delete([gone, goneOutOfOrder]);
    expect(index.get(gone.id)).toBeUndefined();
    expect(index.get(goneOutOfOrder.id)).toBeUndefined();
    index.compact();
    expect(index.get(gone.id)).toBeUndefined();
    expect(index.get(kept.id)).toBe(kept);
  });
});

describe('InMemoryEventStore ids', () => {
  it('recognises a retry that resends the ids it generated, among given ids', async () => {
    const store = new InMemoryEventStore();
    await store.append('s-1', [
      { id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', type: 'a.b', data: 1 },
    ]);
    const first = await store.append('s-1', [
      { type: 'a.b', data: 2 },
      { type: 'a.b', data: 3 },
    ]);
    await store.append('s-2', [{ type: 'a.b', data: 4 }]);
    const retry = await store.append(
      's-1',
      first.events.map((stored) => ({ id: stored.id, type: 'a.b', data: stored.data })),
    );
    expect(retry.duplicate).toBe(true);
    expect(retry.events).toEqual(first.events);
    await expect(
      store.append('s-2', [{ id: first.events[1]!.id, type: 'a.b', data: 3 }]),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('gives the events of one append ids and a time from one clock reading', async () => {
    let reads = 0;
    const clock = {
      now: () => {
        reads++;
        return Date.parse('2026-01-01T00:00:00.000Z') + reads;
      },
      sleep: async () => {},
    };
    const store = new InMemoryEventStore({ clock });
    const { events } = await store.append('s-1', [
      { type: 'a.b', data: 1 },
      { type: 'a.b', data: 2 },
    ]);
    expect(reads).toBe(1);
    expect(events.map((stored) => stored.time)).toEqual([
      '2026-01-01T00:00:00.001Z',
      '2026-01-01T00:00:00.001Z',
    ]);
    expect(events[0]!.id < events[1]!.id).toBe(true);
  });
});
