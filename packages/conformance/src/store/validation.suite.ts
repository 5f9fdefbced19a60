import {
  collect,
  type EventStore,
  isAgenticFlowError,
  newId,
  type ValidationIssue,
} from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';

function issuesOf(error: unknown): ValidationIssue[] {
  if (!isAgenticFlowError(error)) return [];
  return (error.details.issues as ValidationIssue[] | undefined) ?? [];
}

const invalidPayloads: Array<[string, () => unknown, string]> = [
  ['undefined', () => ({ value: undefined }), 'undefined'],
  ['a function', () => ({ value: () => 1 }), 'function'],
  ['a BigInt', () => ({ value: 10n }), 'BigInt'],
  ['NaN', () => ({ value: Number.NaN }), 'NaN'],
  ['Infinity', () => ({ value: Number.POSITIVE_INFINITY }), 'Infinity'],
  ['a __proto__ key', () => JSON.parse('{"safe":1,"__proto__":{"polluted":true}}'), '__proto__'],
  ['a Date', () => ({ value: new Date(0) }), 'Date'],
  ['a Map', () => ({ value: new Map() }), 'Map'],
  [
    'a circular reference',
    () => {
      const value: Record<string, unknown> = {};
      value.self = value;
      return value;
    },
    'circular',
  ],
  ['a NUL character', () => ({ value: 'a\u0000b' }), '\\u0000'],
  ['a lone surrogate', () => ({ value: 'a\ud800b' }), 'surrogate'],
  ['a sparse array', () => ({ value: new Array(3) }), 'sparse'],
];

export function validationSuite(getStore: () => EventStore): void {
  for (const [label, make, hint] of invalidPayloads) {
    it(`rejects data holding ${label} with VALIDATION_FAILED naming the path`, async () => {
      const store = getStore();
      const streamId = uniqueStreamId();
      const error = await expectRejectedCode(
        store.append(streamId, [{ type: 'test.bad', data: make() }]),
        'VALIDATION_FAILED',
      );
      const issues = issuesOf(error);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues[0]?.path[0]).toBe(0);
      expect(issues[0]?.path[1]).toBe('data');
      expect(error.message).toContain(hint);
      expect(await collect(store.readStream(streamId))).toHaveLength(0);
    });
  }

  it('writes nothing when one event of a batch is invalid, and lists every issue', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const batch = [
      ...makeEvents(2),
      { type: 'Not Dotted', data: { a: undefined } },
      ...makeEvents(1),
    ];
    const error = await expectRejectedCode(store.append(streamId, batch), 'VALIDATION_FAILED');
    const paths = issuesOf(error).map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['2.type', '2.data.a']));
    expect(await collect(store.readStream(streamId))).toHaveLength(0);
  });

  it('rejects an event without a type', async () => {
    const store = getStore();
    const error = await expectRejectedCode(
      store.append(uniqueStreamId(), [{ data: 1 } as unknown as { type: string; data: number }]),
      'VALIDATION_FAILED',
    );
    expect(issuesOf(error).map((issue) => issue.path.join('.'))).toContain('0.type');
  });

  it('rejects an event without data, a non-object event and a non-array batch', async () => {
    const store = getStore();
    await expectRejectedCode(
      store.append(uniqueStreamId(), [{ type: 'test.x' } as never]),
      'VALIDATION_FAILED',
    );
    await expectRejectedCode(store.append(uniqueStreamId(), [null as never]), 'VALIDATION_FAILED');
    await expectRejectedCode(
      store.append(uniqueStreamId(), { type: 'test.x', data: 1 } as never),
      'VALIDATION_FAILED',
    );
  });

  it('rejects an id that is not a UUID', async () => {
    const store = getStore();
    const error = await expectRejectedCode(
      store.append(uniqueStreamId(), [{ id: 'order-1', type: 'test.x', data: 1 }]),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('UUID');
  });

  it('rejects invalid stream ids', async () => {
    const store = getStore();
    for (const streamId of ['', 'x'.repeat(300), 'a\u0000b', 42 as unknown as string]) {
      await expectRejectedCode(store.append(streamId, makeEvents(1)), 'VALIDATION_FAILED');
    }
  });

  it('rejects metadata with wrongly typed known fields', async () => {
    const store = getStore();
    const error = await expectRejectedCode(
      store.append(uniqueStreamId(), [
        { type: 'test.x', data: 1, metadata: { correlationId: 5, schemaVersion: 0 } as never },
      ]),
      'VALIDATION_FAILED',
    );
    const paths = issuesOf(error).map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining(['0.metadata.correlationId', '0.metadata.schemaVersion']),
    );
  });

  it('rejects an event over the size limit with PAYLOAD_TOO_LARGE, writing nothing of the batch', async () => {
    const store = getStore();
    const streamId = uniqueStreamId();
    const limit = store.capabilities.maxEventBytes;
    const big = { id: newId(), type: 'test.big', data: { text: 'x'.repeat(limit) } };
    const error = await expectRejectedCode(
      store.append(streamId, [...makeEvents(1), big]),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ kind: 'event', limit });
    expect(error.details.bytes as number).toBeGreaterThan(limit);
    expect(await collect(store.readStream(streamId))).toHaveLength(0);
  });

  it('accepts an event just under the size limit', async () => {
    const store = getStore();
    const limit = store.capabilities.maxEventBytes;
    // data {"text":"…"} adds 11 bytes; empty metadata {} adds 2.
    const result = await store.append(uniqueStreamId(), [
      { type: 'test.big', data: { text: 'y'.repeat(limit - 13) } },
    ]);
    expect(result.events).toHaveLength(1);
  });
}
