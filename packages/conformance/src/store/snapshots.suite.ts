import { type EventStore, foldStream } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';

export function snapshotsSuite(getStore: () => EventStore): void {
  it('saves and loads the latest snapshot of a stream', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(4));
    await store.saveSnapshot(streamId, { version: 2, state: { count: 2 } });
    await store.saveSnapshot(streamId, {
      version: 4,
      state: { count: 4, names: ['a'] },
      schemaVersion: 3,
    });
    const snapshot = await store.loadSnapshot(streamId);
    expect(snapshot).toMatchObject({
      streamId,
      version: 4,
      state: { count: 4, names: ['a'] },
      schemaVersion: 3,
    });
    expect(Date.parse(snapshot!.time)).not.toBeNaN();
  });

  it('returns null for a stream without a snapshot', async () => {
    expect(await getStore().loadSnapshot(uniqueStreamId())).toBeNull();
  });

  it('rejects a snapshot beyond the stream version or with non-JSON state', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(1));
    await expectRejectedCode(
      store.saveSnapshot(streamId, { version: 2, state: {} }),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      store.saveSnapshot(streamId, { version: 0, state: {} }),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      store.saveSnapshot(streamId, { version: 1, state: { bad: undefined } as never }),
      'VALIDATION_FAILED',
    );
    expect(await store.loadSnapshot(streamId)).toBeNull();
  });

  it('lets foldStream start from the snapshot and fold only later events', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(5));
    await store.saveSnapshot(streamId, { version: 3, state: 300 });
    const folded: number[] = [];
    const result = await foldStream(
      store,
      streamId,
      (sum: number, event) => {
        folded.push(event.version);
        return sum + 1;
      },
      0,
      { snapshotSchemaVersion: 1 },
    );
    expect(result).toEqual({ state: 302, version: 5, fromSnapshot: true });
    expect(folded).toEqual([4, 5]);
    const stale = await foldStream(store, streamId, (sum: number) => sum + 1, 0, {
      snapshotSchemaVersion: 2,
    });
    expect(stale).toEqual({ state: 5, version: 5, fromSnapshot: false });
    const past = await foldStream(store, streamId, (sum: number) => sum + 1, 0, {
      snapshotSchemaVersion: 1,
      toVersion: 2,
    });
    expect(past).toEqual({ state: 2, version: 2, fromSnapshot: false });
  });
}
