import { afterEach, describe, expect, it } from 'vitest';
import type { AgenticEvent } from '../events/envelope.js';
import { InMemoryEventStore } from '../store/in-memory-event-store.js';
import { makeEvents } from '../testing/event-factories.js';
import { foldStream } from './fold-stream.js';

const stores: InMemoryEventStore[] = [];
async function storeWith(count: number): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  stores.push(store);
  if (count > 0) await store.append('run-1', makeEvents(count));
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** Records the versions folded in, so tests see exactly which events were read. */
const versions = (state: number[], event: AgenticEvent) => [...state, event.version];

describe('foldStream', () => {
  it('folds every event of the stream in order', async () => {
    const store = await storeWith(5);
    expect(await foldStream(store, 'run-1', versions, [])).toEqual({
      state: [1, 2, 3, 4, 5],
      version: 5,
      fromSnapshot: false,
    });
  });

  it('returns the initial state at version 0 for an unknown stream', async () => {
    const store = await storeWith(0);
    expect(await foldStream(store, 'run-none', versions, [])).toEqual({
      state: [],
      version: 0,
      fromSnapshot: false,
    });
  });

  it('stops at toVersion to show the state as it was then', async () => {
    const store = await storeWith(5);
    expect((await foldStream(store, 'run-1', versions, [], { toVersion: 3 })).state).toEqual([
      1, 2, 3,
    ]);
    expect(await foldStream(store, 'run-1', versions, [], { toVersion: 0 })).toEqual({
      state: [],
      version: 0,
      fromSnapshot: false,
    });
    expect((await foldStream(store, 'run-1', versions, [], { toVersion: 99 })).version).toBe(5);
  });

  it('starts from a snapshot of the requested schema version and folds only later events', async () => {
    const store = await storeWith(5);
    await store.saveSnapshot('run-1', { version: 3, state: [-1, -2, -3], schemaVersion: 2 });
    expect(await foldStream(store, 'run-1', versions, [], { snapshotSchemaVersion: 2 })).toEqual({
      state: [-1, -2, -3, 4, 5],
      version: 5,
      fromSnapshot: true,
    });
    expect(
      await foldStream(store, 'run-1', versions, [], { snapshotSchemaVersion: 2, toVersion: 4 }),
    ).toEqual({ state: [-1, -2, -3, 4], version: 4, fromSnapshot: true });
    expect(
      await foldStream(store, 'run-1', versions, [], { snapshotSchemaVersion: 2, toVersion: 3 }),
    ).toEqual({ state: [-1, -2, -3], version: 3, fromSnapshot: true });
  });

  it('ignores a snapshot of another schema version, one past toVersion, or when not asked', async () => {
    const store = await storeWith(4);
    await store.saveSnapshot('run-1', { version: 3, state: [-3], schemaVersion: 1 });
    const other = await foldStream(store, 'run-1', versions, [], { snapshotSchemaVersion: 2 });
    expect(other).toEqual({ state: [1, 2, 3, 4], version: 4, fromSnapshot: false });
    const early = await foldStream(store, 'run-1', versions, [], {
      snapshotSchemaVersion: 1,
      toVersion: 2,
    });
    expect(early).toEqual({ state: [1, 2], version: 2, fromSnapshot: false });
    expect((await foldStream(store, 'run-1', versions, [])).fromSnapshot).toBe(false);
  });
});
