import { afterEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/agenticflow-error.js';
import type { AgenticEvent } from '../events/envelope.js';
import { makeEvents } from '../testing/event-factories.js';
import { ManualClock } from '../testing/manual-clock.js';
import { waitFor } from '../testing/wait-for.js';
import { collect } from '../util/collect.js';
import { uuidV7Time } from '../util/uuid.js';
import { InMemoryEventStore, type InMemoryEventStoreOptions } from './in-memory-event-store.js';

const stores: InMemoryEventStore[] = [];
function makeStore(options: InMemoryEventStoreOptions = {}): InMemoryEventStore {
  const store = new InMemoryEventStore(options);
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function rejectionOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('InMemoryEventStore', () => {
  it('returns frozen events that cannot be changed, and reading again gives the same data', async () => {
    const store = makeStore();
    const data = { items: [{ name: 'a' }] };
    const { events } = await store.append('run-1', [
      { type: 'run.started', data, metadata: { actor: 'me', tags: ['x'] } },
    ]);
    data.items[0]!.name = 'changed by the caller';
    const [read] = await collect(store.readStream('run-1'));
    const stored = read as AgenticEvent<string, typeof data>;
    expect(stored).toBe(events[0]);
    expect(() => {
      stored.data.items[0]!.name = 'b';
    }).toThrow(TypeError);
    expect(() => {
      stored.data.items.push({ name: 'c' });
    }).toThrow(TypeError);
    expect(() => {
      (stored as { type: string }).type = 'other.type';
    }).toThrow(TypeError);
    expect(() => {
      (stored.metadata.tags as string[]).push('y');
    }).toThrow(TypeError);
    const [again] = await collect(store.readAll());
    expect(again!.data).toEqual({ items: [{ name: 'a' }] });
    expect(again!.type).toBe('run.started');
    expect(again!.metadata).toEqual({ actor: 'me', tags: ['x'] });
  });

  it('stamps events, ids and snapshots with its clock', async () => {
    const clock = new ManualClock(Date.parse('2026-03-04T05:06:07.089Z'));
    const store = makeStore({ clock });
    const first = await store.append('run-1', [{ type: 'a.b', data: 1 }]);
    clock.advance(1_000);
    const second = await store.append('run-1', [{ type: 'a.b', data: 2 }]);
    expect(first.events[0]!.time).toBe('2026-03-04T05:06:07.089Z');
    expect(second.events[0]!.time).toBe('2026-03-04T05:06:08.089Z');
    expect(uuidV7Time(first.events[0]!.id)).toBe(Date.parse('2026-03-04T05:06:07.089Z'));
    await store.saveSnapshot('run-1', { version: 2, state: { n: 2 } });
    expect((await store.loadSnapshot('run-1'))!.time).toBe('2026-03-04T05:06:08.089Z');
  });

  it('uses the given id generator for events without ids', async () => {
    let n = 0;
    const store = makeStore({
      newId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
    });
    const { events } = await store.append('s-1', [
      { type: 'a.b', data: 1 },
      { type: 'a.b', data: 2 },
    ]);
    expect(events.map((event) => event.id.slice(-2))).toEqual(['01', '02']);
  });

  it('keeps readAll, readStream and subscriptions correct after deleting many streams', async () => {
    const store = makeStore();
    const streams = Array.from({ length: 10 }, (_, i) => `s-${i}`);
    for (const streamId of streams) await store.append(streamId, makeEvents(5));
    const live: AgenticEvent[] = [];
    const before = store.subscribe({ handler: (event) => void live.push(event), consumer: 'c' });
    await before.caughtUp;

    // Deleting 6 of 10 streams removes more than half of the log, which compacts it.
    for (const streamId of streams.slice(0, 6))
      expect(await store.deleteStream(streamId)).toBe(true);
    expect(await store.deleteStream('s-0')).toBe(false);

    const kept = await collect(store.readAll());
    expect(kept.map((event) => event.streamId)).toEqual(
      streams.slice(6).flatMap((streamId) => Array(5).fill(streamId)),
    );
    expect(kept.map((event) => event.position)).toEqual(
      Array.from({ length: 20 }, (_, i) => BigInt(31 + i)),
    );
    const fromMiddle = await collect(store.readAll({ fromPosition: 12n, limit: 3 }));
    expect(fromMiddle.map((event) => event.position)).toEqual([31n, 32n, 33n]);
    expect(await collect(store.readAll({ fromPosition: 45n }))).toHaveLength(6);
    expect(await collect(store.readStream('s-2'))).toEqual([]);
    const s8 = await collect(store.readStream('s-8', { direction: 'backwards', limit: 2 }));
    expect(s8.map((event) => event.version)).toEqual([5, 4]);

    // One more deletion without compaction, then new appends.
    await store.deleteStream('s-6');
    const appended = await store.append('s-new', makeEvents(2));
    expect(appended.events.map((event) => event.position)).toEqual([51n, 52n]);
    const after = await collect(store.readAll());
    expect(after.map((event) => event.streamId)).toEqual([
      ...Array(5).fill('s-7'),
      ...Array(5).fill('s-8'),
      ...Array(5).fill('s-9'),
      's-new',
      's-new',
    ]);

    await waitFor(() => live.length === 52, { message: 'the live subscription to see new events' });
    expect(live.slice(50).map((event) => event.position)).toEqual([51n, 52n]);
    const fresh: AgenticEvent[] = [];
    const late = store.subscribe({ handler: (event) => void fresh.push(event) });
    await late.caughtUp;
    expect(fresh.map((event) => event.position)).toEqual(after.map((event) => event.position));
    expect(await store.getConsumerPosition('c')).toBe(52n);
  });

  it('skips a stream deleted during a readAll, also when the deletion compacts the log', async () => {
    for (const goneEvents of [1, 3]) {
      const store = makeStore();
      await store.append('keep-1', makeEvents(1));
      await store.append('gone', makeEvents(goneEvents));
      await store.append('keep-2', makeEvents(1));
      const seen: string[] = [];
      for await (const event of store.readAll()) {
        seen.push(event.streamId);
        if (seen.length === 1) await store.deleteStream('gone');
      }
      expect(seen, `${goneEvents} events in the deleted stream`).toEqual(['keep-1', 'keep-2']);
    }
  });

  it('lets a deleted stream id not be reused, while its event ids may be', async () => {
    const store = makeStore();
    const [event] = makeEvents(1);
    await store.append('s-1', [event!]);
    await store.deleteStream('s-1');
    expect(hasErrorCode(await rejectionOf(() => store.append('s-1', [])), 'STREAM_DELETED')).toBe(
      true,
    );
    const moved = await store.append('s-2', [event!]);
    expect(moved.duplicate).toBe(false);
  });

  it('throws CLOSED from every operation after close, and closes idempotently', async () => {
    const store = makeStore();
    await store.append('s-1', makeEvents(1));
    await store.close();
    await store.close();
    const operations: Array<[string, () => Promise<unknown>]> = [
      ['append', () => store.append('s-1', makeEvents(1))],
      ['readStream', () => collect(store.readStream('s-1'))],
      ['readAll', () => collect(store.readAll())],
      ['subscribe', async () => store.subscribe({ handler: () => {} })],
      ['getConsumerPosition', () => store.getConsumerPosition('c')],
      ['saveSnapshot', () => store.saveSnapshot('s-1', { version: 1, state: {} })],
      ['loadSnapshot', () => store.loadSnapshot('s-1')],
      ['deleteStream', () => store.deleteStream('s-1')],
    ];
    for (const [name, operation] of operations) {
      const error = await rejectionOf(operation);
      expect(hasErrorCode(error, 'CLOSED'), name).toBe(true);
    }
  });

  it('ends running subscriptions as closed when it closes', async () => {
    const store = makeStore();
    const subscription = store.subscribe({ handler: () => {} });
    await subscription.caughtUp;
    await store.close();
    expect(await subscription.ended).toEqual({ reason: 'closed' });
  });

  it('refuses a snapshot beyond the stream version or too large', async () => {
    const store = makeStore({ maxSnapshotBytes: 20 });
    await store.append('s-1', makeEvents(1));
    const beyond = await rejectionOf(() => store.saveSnapshot('s-1', { version: 2, state: 1 }));
    expect(hasErrorCode(beyond, 'VALIDATION_FAILED')).toBe(true);
    expect((beyond as Error).message).toContain("2 is beyond the stream's version 1");
    const large = await rejectionOf(() =>
      store.saveSnapshot('s-1', { version: 1, state: 'x'.repeat(19) }),
    );
    expect(hasErrorCode(large, 'PAYLOAD_TOO_LARGE')).toBe(true);
    await store.saveSnapshot('s-1', { version: 1, state: 'x'.repeat(18) });
    expect((await store.loadSnapshot('s-1'))!.state).toBe('x'.repeat(18));
  });

  it('advertises its size limit and live notifications', () => {
    expect(makeStore({ maxEventBytes: 4096 }).capabilities).toEqual({
      durable: false,
      multiProcess: false,
      liveNotifications: true,
      maxEventBytes: 4096,
    });
  });
});
