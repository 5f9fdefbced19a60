import { collect, type EventStore, newId } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';

export function idempotencySuite(getStore: () => EventStore): void {
  it('returns the original result for a retried append with the same event ids and stores nothing twice', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const batch = makeEvents(3);
    const first = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
    const retry = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
    expect(retry.duplicate).toBe(true);
    expect(retry.nextExpectedVersion).toBe(first.nextExpectedVersion);
    expect(retry.lastPosition).toBe(first.lastPosition);
    expect(retry.events.map((event) => [event.id, event.version, event.position])).toEqual(
      first.events.map((event) => [event.id, event.version, event.position]),
    );
    expect(await collect(store.readStream(streamId))).toHaveLength(3);
  });

  it('recognises a retry after later appends moved the stream on', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const batch = makeEvents(2);
    await store.append(streamId, batch, { expectedVersion: 'no_stream' });
    await store.append(streamId, makeEvents(2), { expectedVersion: 2 });
    const retry = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
    expect(retry).toMatchObject({ duplicate: true, nextExpectedVersion: 2 });
    expect(await collect(store.readStream(streamId))).toHaveLength(4);
  });

  it('accepts upper-case ids and matches them to their lower-case form', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const id = newId();
    const first = await store.append(streamId, [
      { id: id.toUpperCase(), type: 'test.happened', data: null },
    ]);
    expect(first.events[0]?.id).toBe(id);
    const retry = await store.append(streamId, [{ id, type: 'test.happened', data: null }]);
    expect(retry.duplicate).toBe(true);
  });

  it('stores a batch once when the same append is retried concurrently', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const batch = makeEvents(2);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.append(streamId, batch, { expectedVersion: 'no_stream' }),
      ),
    );
    expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
    for (const result of results) expect(result.nextExpectedVersion).toBe(2);
    expect(await collect(store.readStream(streamId))).toHaveLength(2);
  });

  it('rejects a batch that mixes stored and new ids with IDEMPOTENCY_CONFLICT, writing nothing', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const batch = makeEvents(2);
    await store.append(streamId, batch);
    const mixed = [batch[0]!, ...makeEvents(1)];
    await expectRejectedCode(store.append(streamId, mixed), 'IDEMPOTENCY_CONFLICT');
    const reordered = [...makeEvents(1), batch[1]!];
    await expectRejectedCode(store.append(streamId, reordered), 'IDEMPOTENCY_CONFLICT');
    expect(await collect(store.readStream(streamId))).toHaveLength(2);
  });

  it('rejects an id already stored in another stream', async () => {
    const store = getStore();
    const batch = makeEvents(1);
    await store.append(uniqueStreamId(), batch);
    const other = uniqueStreamId();
    await expectRejectedCode(store.append(other, batch), 'IDEMPOTENCY_CONFLICT');
    expect(await collect(store.readStream(other))).toHaveLength(0);
  });

  it('rejects a batch holding the same id twice', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const [event] = makeEvents(1);
    await expectRejectedCode(store.append(streamId, [event!, event!]), 'VALIDATION_FAILED');
    expect(await collect(store.readStream(streamId))).toHaveLength(0);
  });

  it('generates UUIDv7 ids for events appended without one', async () => {
    const store = getStore();
    const result = await store.append(uniqueStreamId(), [
      { type: 'test.happened', data: 1 },
      { type: 'test.happened', data: 2 },
    ]);
    const [a, b] = result.events;
    expect(a?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a?.id).not.toBe(b?.id);
  });
}
