import { collect, type EventStore } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';

export function appendExpectedVersionSuite(getStore: () => EventStore): void {
  it('appends to a new stream with versions starting at 1', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const result = await store.append(streamId, makeEvents(3), { expectedVersion: 'no_stream' });
    expect(result.nextExpectedVersion).toBe(3);
    expect(result.duplicate).toBe(false);
    expect(result.events.map((event) => event.version)).toEqual([1, 2, 3]);
    expect(result.lastPosition).toBe(result.events[2]?.position);
  });

  it('accepts an append whose numeric expectedVersion matches', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(2));
    const result = await store.append(streamId, makeEvents(1), { expectedVersion: 2 });
    expect(result.nextExpectedVersion).toBe(3);
  });

  it('rejects append when expectedVersion does not match, writing nothing', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(2));
    const error = await expectRejectedCode(
      store.append(streamId, makeEvents(3), { expectedVersion: 1 }),
      'EXPECTED_VERSION_CONFLICT',
    );
    expect(error.details).toMatchObject({ streamId, expectedVersion: 1, actualVersion: 2 });
    expect(error.message).toContain(streamId);
    expect(error.retryable).toBe(false);
    expect(await collect(store.readStream(streamId))).toHaveLength(2);
  });

  it("rejects 'no_stream' when the stream has events", async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(1));
    await expectRejectedCode(
      store.append(streamId, makeEvents(1), { expectedVersion: 'no_stream' }),
      'EXPECTED_VERSION_CONFLICT',
    );
  });

  it("treats expectedVersion 0 like 'no_stream'", async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(1), { expectedVersion: 0 });
    await expectRejectedCode(
      store.append(streamId, makeEvents(1), { expectedVersion: 0 }),
      'EXPECTED_VERSION_CONFLICT',
    );
  });

  it("rejects 'exists' on a stream with no events and accepts it on one with events", async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await expectRejectedCode(
      store.append(streamId, makeEvents(1), { expectedVersion: 'exists' }),
      'EXPECTED_VERSION_CONFLICT',
    );
    await store.append(streamId, makeEvents(1));
    const result = await store.append(streamId, makeEvents(1), { expectedVersion: 'exists' });
    expect(result.nextExpectedVersion).toBe(2);
  });

  it("appends whatever the version with 'any' (the default)", async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(1), { expectedVersion: 'any' });
    const result = await store.append(streamId, makeEvents(1));
    expect(result.nextExpectedVersion).toBe(2);
  });

  it('rejects an expectedVersion that is not a version', async () => {
    const store = getStore();
    for (const bad of [-1, 1.5, 'latest', null, Number.NaN]) {
      await expectRejectedCode(
        store.append(uniqueStreamId(), makeEvents(1), {
          expectedVersion: bad as unknown as number,
        }),
        'VALIDATION_FAILED',
      );
    }
  });

  it('never changes the version on an empty append, but still checks expectedVersion', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(2));
    const empty = await store.append(streamId, [], { expectedVersion: 2 });
    expect(empty).toMatchObject({ nextExpectedVersion: 2, lastPosition: null, events: [] });
    await expectRejectedCode(
      store.append(streamId, [], { expectedVersion: 5 }),
      'EXPECTED_VERSION_CONFLICT',
    );
    const unknown = await store.append(uniqueStreamId(), [], { expectedVersion: 'no_stream' });
    expect(unknown.nextExpectedVersion).toBe(0);
    const next = await store.append(streamId, makeEvents(1), { expectedVersion: 2 });
    expect(next.events[0]?.version).toBe(3);
  });
}
