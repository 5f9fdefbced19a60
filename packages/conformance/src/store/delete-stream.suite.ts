import { collect, type EventStore } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';

export function deleteStreamSuite(getStore: () => EventStore): void {
  it('deletes a stream, its snapshot and its events from every read', async () => {
    const store = getStore();
    const streamId = uniqueStreamId('deleted');
    const kept = uniqueStreamId('kept');
    await store.append(streamId, makeEvents(3));
    await store.append(kept, makeEvents(1));
    await store.saveSnapshot(streamId, { version: 3, state: 'x' });
    expect(await store.deleteStream(streamId)).toBe(true);
    expect(await collect(store.readStream(streamId))).toEqual([]);
    expect(await collect(store.readAll({ streamPrefix: streamId }))).toEqual([]);
    expect(await store.loadSnapshot(streamId)).toBeNull();
    expect(await collect(store.readStream(kept))).toHaveLength(1);
  });

  it('refuses appends to a deleted stream with STREAM_DELETED', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const batch = makeEvents(1);
    await store.append(streamId, batch);
    await store.deleteStream(streamId);
    await expectRejectedCode(store.append(streamId, makeEvents(1)), 'STREAM_DELETED');
    await expectRejectedCode(store.append(streamId, batch), 'STREAM_DELETED');
    await expectRejectedCode(
      store.append(streamId, makeEvents(1), { expectedVersion: 'no_stream' }),
      'STREAM_DELETED',
    );
  });

  it('returns false for a stream that does not exist or is already deleted', async () => {
    const store = getStore();
    expect(await store.deleteStream(uniqueStreamId())).toBe(false);
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(1));
    expect(await store.deleteStream(streamId)).toBe(true);
    expect(await store.deleteStream(streamId)).toBe(false);
  });
}
