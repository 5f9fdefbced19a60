import { collect, type EventStore, InMemoryEventStore } from '@agenticflow/core';
import {
  expectRejectedCode,
  expectThrownCode,
  ManualClock,
  overrideEventStore,
} from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { EventStoreMemoryStore } from '../../src/memory/index.js';
import { eventStoreText } from './persisted-text.js';

describe('EventStoreMemoryStore', () => {
  it('keeps records as events in memory-<namespace> streams, rebuilt by folding in a new instance', async () => {
    const events = new InMemoryEventStore();
    const clock = new ManualClock();
    const first = new EventStoreMemoryStore({ store: events, clock });
    await first.put('user-42', 'diet', { vegetarian: true }, { metadata: { topic: 'food' } });
    clock.advance(1000);
    await first.put('user-42', 'diet', { vegetarian: false });
    const stored = await collect(events.readAll({ streamPrefix: 'memory-user-42' }));
    expect(
      stored.map((event) => [event.streamId.replace(/~.*/, '~<generation>'), event.type]),
    ).toEqual([
      ['memory-user-42~<generation>', 'memory.generation_opened'],
      ['memory-user-42', 'memory.generation_started'],
      ['memory-user-42~<generation>', 'memory.record_put'],
      ['memory-user-42~<generation>', 'memory.record_put'],
    ]);
    const second = new EventStoreMemoryStore({ store: events });
    expect(await second.get('user-42', 'diet')).toEqual({
      namespace: 'user-42',
      key: 'diet',
      value: { vegetarian: false },
      metadata: {},
      revision: 2,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
  });

  it('writes nothing when reading a namespace that does not exist', async () => {
    const events = new InMemoryEventStore();
    const memory = new EventStoreMemoryStore({ store: events });
    await memory.get('empty', 'k');
    await memory.list('empty');
    await memory.search('empty', { text: 'x' });
    expect(await memory.delete('empty', 'k')).toBe(false);
    expect(await memory.clear('empty')).toBe(0);
    expect(await memory.compact('empty')).toBe(0);
    expect(await collect(events.readAll())).toEqual([]);
  });

  it('with purgeOnDelete false, keeps a deleted value in the log until compact removes it', async () => {
    const events = new InMemoryEventStore();
    const memory = new EventStoreMemoryStore({ store: events, purgeOnDelete: false });
    await memory.put('ns', 'secret', 'tombstoned-value');
    await memory.put('ns', 'edited', 'overwritten-value');
    await memory.put('ns', 'edited', 'current-value');
    await memory.delete('ns', 'secret');
    expect(await memory.get('ns', 'secret')).toBeUndefined();
    expect(await eventStoreText(events)).toContain('tombstoned-value');
    expect(await memory.compact('ns')).toBe(1);
    const text = await eventStoreText(events);
    expect(text).not.toContain('tombstoned-value');
    expect(text).not.toContain('overwritten-value');
    expect(await memory.get('ns', 'edited')).toMatchObject({ value: 'current-value', revision: 2 });
  });

  it('compacts by itself once compactAfter dead events pile up', async () => {
    const events = new InMemoryEventStore();
    const memory = new EventStoreMemoryStore({ store: events, compactAfter: 5 });
    for (let n = 0; n <= 4; n++) await memory.put('ns', 'counter', `value-${n}`);
    expect(await eventStoreText(events)).toContain('value-0');
    await memory.put('ns', 'counter', 'value-5');
    const text = await eventStoreText(events);
    expect(text).not.toContain('value-0');
    expect(text).not.toContain('value-4');
    expect(await memory.get('ns', 'counter')).toMatchObject({ value: 'value-5', revision: 6 });
  });

  it('loses no write when two instances write, delete and clear the same namespace at once', async () => {
    const events = new InMemoryEventStore();
    const a = new EventStoreMemoryStore({ store: events });
    const b = new EventStoreMemoryStore({ store: events });
    await a.put('shared', 'doomed', 'x');
    await Promise.all([
      ...Array.from({ length: 10 }, (_, n) => (n % 2 ? a : b).put('shared', `k${n}`, n)),
      b.delete('shared', 'doomed'),
    ]);
    for (const memory of [a, b]) {
      const { records } = await memory.list('shared');
      expect(records.map((record) => record.key).sort()).toEqual(
        Array.from({ length: 10 }, (_, n) => `k${n}`).sort(),
      );
    }
    await a.put('shared', 'k0', 'from a after b compacted');
    expect((await b.get('shared', 'k0'))?.revision).toBe(2);
  });

  it('finishes a purge interrupted after the old generation was sealed', async () => {
    const events = new InMemoryEventStore();
    let failHead = true;
    const crashing: EventStore = overrideEventStore(events, {
      append: (streamId, batch, options) => {
        if (
          failHead &&
          batch.some((event) => event.type === 'memory.generation_started') &&
          streamId === 'memory-ns'
        ) {
          failHead = false;
          return Promise.reject(new Error('process died'));
        }
        return events.append(streamId, batch, options);
      },
    });
    const setup = new EventStoreMemoryStore({ store: events });
    await setup.put('ns', 'secret', 'purge-me');
    await setup.put('ns', 'kept', 'stay');
    const dying = new EventStoreMemoryStore({ store: crashing });
    await expect(dying.delete('ns', 'secret')).rejects.toThrow('process died');
    expect(await eventStoreText(events)).toContain('purge-me');
    const restarted = new EventStoreMemoryStore({ store: events });
    expect(await restarted.get('ns', 'secret')).toBeUndefined();
    expect((await restarted.get('ns', 'kept'))?.value).toBe('stay');
    expect(await eventStoreText(events)).not.toContain('purge-me');
    await restarted.put('ns', 'after', 1);
    expect((await setup.list('ns')).records.map((record) => record.key)).toEqual(['after', 'kept']);
  });

  it('rejects bad options naming the value', () => {
    const error = expectThrownCode(
      () => new EventStoreMemoryStore({ store: new InMemoryEventStore(), compactAfter: 0 }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toBe(
      'invalid compactAfter 0: use an integer from 1 to 1000000 (default 500)',
    );
    expectThrownCode(
      () => new EventStoreMemoryStore({ store: new InMemoryEventStore(), maxAttempts: 1.5 }),
      'INVALID_CONFIGURATION',
    );
    const missing = expectThrownCode(
      () => new EventStoreMemoryStore({} as never),
      'INVALID_CONFIGURATION',
    );
    expect(missing.message).toContain('needs { store: EventStore }, got undefined');
  });

  it('gives up with MEMORY_CONTENDED when every attempt loses a race', async () => {
    const events = new InMemoryEventStore();
    const setup = new EventStoreMemoryStore({ store: events });
    await setup.put('busy', 'k', 0);
    const other = new EventStoreMemoryStore({ store: events });
    const racing: EventStore = overrideEventStore(events, {
      append: async (streamId, batch, options) => {
        // Another writer gets in first, every time.
        if (batch.some((event) => event.type === 'memory.record_put'))
          await other.put('busy', 'k', 'other');
        return events.append(streamId, batch, options);
      },
    });
    const loser = new EventStoreMemoryStore({ store: racing, maxAttempts: 3 });
    const error = await expectRejectedCode(loser.put('busy', 'mine', 1), 'MEMORY_CONTENDED');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('changed under this write 3 times in a row');
  });
});
