import { collect, type EventStore } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function readStreamSuite(getStore: () => EventStore): void {
  it('returns every envelope field as appended', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const metadata = {
      correlationId: 'c-1',
      causationId: 'e-0',
      actor: 'agent-7',
      tenantId: 'acme',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      schemaVersion: 2,
      custom: { deep: [1, 'two'] },
    };
    const [appended] = (
      await store.append(streamId, [{ type: 'run.started', data: { goal: 'report' }, metadata }])
    ).events;
    const [read] = await collect(store.readStream(streamId));
    expect(read).toEqual(appended);
    expect(read).toMatchObject({
      streamId,
      type: 'run.started',
      version: 1,
      data: { goal: 'report' },
      metadata,
    });
    expect(typeof read?.position).toBe('bigint');
    expect(read?.time).toMatch(ISO_UTC);
    expect(Math.abs(Date.parse(read!.time) - Date.now())).toBeLessThan(60_000);
  });

  it('round-trips JSON data exactly', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const data = {
      text: 'quotes " and \\ backslashes, emoji 🚀, accents é, CJK 漢字, newline\n, tab\t',
      numbers: [0, -1, 0.1, 1e-7, 123456789.125, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
      nested: { empty: {}, list: [], nulls: [null, { a: null }], bools: [true, false] },
      'key with spaces': 'ok',
      '': 'empty key',
    };
    await store.append(streamId, [{ type: 'test.json', data }]);
    const [read] = await collect(store.readStream(streamId));
    expect(read?.data).toEqual(data);
  });

  it('reads forwards from a version with a limit', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(10));
    const events = await collect(store.readStream(streamId, { fromVersion: 4, limit: 3 }));
    expect(events.map((event) => event.version)).toEqual([4, 5, 6]);
  });

  it('reads backwards from the end, and from a version', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(5));
    const fromEnd = await collect(store.readStream(streamId, { direction: 'backwards', limit: 2 }));
    expect(fromEnd.map((event) => event.version)).toEqual([5, 4]);
    const fromThree = await collect(
      store.readStream(streamId, { direction: 'backwards', fromVersion: 3 }),
    );
    expect(fromThree.map((event) => event.version)).toEqual([3, 2, 1]);
  });

  it('yields nothing for an unknown stream or a version past the end', async () => {
    const store = getStore();
    expect(await collect(store.readStream(uniqueStreamId()))).toEqual([]);
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(2));
    expect(await collect(store.readStream(streamId, { fromVersion: 3 }))).toEqual([]);
    expect(await collect(store.readStream(streamId, { limit: 0 }))).toEqual([]);
  });

  it('reads a long stream completely in order', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    for (let batch = 0; batch < 5; batch++) await store.append(streamId, makeEvents(300));
    const events = await collect(store.readStream(streamId));
    expect(events.map((event) => event.version)).toEqual(
      Array.from({ length: 1500 }, (_, i) => i + 1),
    );
  });

  it('rejects invalid read options', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    await expectRejectedCode(
      collect(store.readStream(streamId, { fromVersion: 0 })),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      collect(store.readStream(streamId, { limit: -1 })),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(
      collect(store.readStream(streamId, { direction: 'up' as never })),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(collect(store.readStream('')), 'VALIDATION_FAILED');
  });
}
