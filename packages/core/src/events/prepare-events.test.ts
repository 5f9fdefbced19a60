import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/agenticflow-error.js';
import {
  PayloadTooLargeError,
  type ValidationError,
  type ValidationIssue,
} from '../errors/core-errors.js';
import { expectThrownCode } from '../testing/expect-error-code.js';
import { createUuidV7Generator, isUuid } from '../util/uuid.js';
import { MAX_STREAM_ID_LENGTH } from './envelope.js';
import { assertStreamId, type PrepareEventsOptions, prepareEvents } from './prepare-events.js';

const ID = '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90';
const options: PrepareEventsOptions = {
  maxEventBytes: 1024 * 1024,
  newId: createUuidV7Generator(),
  copy: false,
};

function issuesOf(fn: () => unknown): ValidationIssue[] {
  return [...(expectThrownCode(fn, 'VALIDATION_FAILED') as ValidationError).issues];
}

describe('prepareEvents', () => {
  it('lower-cases given ids and generates UUIDs for events without one', () => {
    const prepared = prepareEvents(
      'run-1',
      [
        { id: ID.toUpperCase(), type: 'run.started', data: {} },
        { type: 'step.done', data: null },
      ],
      options,
    );
    expect(prepared[0]!.id).toBe(ID);
    expect(isUuid(prepared[1]!.id)).toBe(true);
    expect(prepared[1]!.id).toBe(prepared[1]!.id.toLowerCase());
    expect(prepared[1]!.metadata).toEqual({});
  });

  it('rejects an id that is not a UUID', () => {
    const issues = issuesOf(() =>
      prepareEvents('s', [{ id: 'evt-1', type: 'a.b', data: 1 }], options),
    );
    expect(issues).toEqual([
      {
        path: [0, 'id'],
        message: 'must be a UUID (omit it to get a UUIDv7), got "evt-1"',
      },
    ]);
  });

  it('rejects an id that appears twice in the batch, whatever its case', () => {
    const issues = issuesOf(() =>
      prepareEvents(
        's',
        [
          { id: ID, type: 'a.b', data: 1 },
          { id: ID.toUpperCase(), type: 'a.b', data: 2 },
        ],
        options,
      ),
    );
    expect(issues).toEqual([{ path: [1, 'id'], message: `id ${ID} appears twice in the batch` }]);
  });

  it.each([
    ['upper case', 'Run.Started'],
    ['a leading digit', '1run'],
    ['an empty segment', 'run..started'],
    ['a space', 'run started'],
    ['too many characters', `a${'.b'.repeat(100)}`],
  ])('rejects a type with %s', (_name, type) => {
    const issues = issuesOf(() => prepareEvents('s', [{ type, data: 1 }], options));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual([0, 'type']);
    expect(issues[0]!.message).toContain('must be dotted lower case');
  });

  it('accepts dotted lower-case types with digits, "_" and "-"', () => {
    const types = ['run', 'run.started', 'tool_call.v2-beta', 'a.0.b'];
    const prepared = prepareEvents(
      's',
      types.map((type) => ({ type, data: null })),
      options,
    );
    expect(prepared.map((event) => event.type)).toEqual(types);
  });

  it('rejects a missing type and missing data', () => {
    const issues = issuesOf(() =>
      prepareEvents('s', [{ data: 1 } as never, { type: 'a.b' } as never], options),
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      [0, 'type'],
      [1, 'data'],
      [1, 'data'],
    ]);
    expect(issues[1]!.message).toBe('is missing: use null for no data');
  });

  it('checks the types of the named metadata fields', () => {
    const issues = issuesOf(() =>
      prepareEvents(
        's',
        [
          {
            type: 'a.b',
            data: 1,
            metadata: {
              correlationId: 1,
              causationId: {},
              actor: true,
              tenantId: null,
              traceparent: [],
              schemaVersion: 1.5,
            } as never,
          },
          { type: 'a.b', data: 1, metadata: { schemaVersion: 0 } },
        ],
        options,
      ),
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      '0.metadata.correlationId',
      '0.metadata.causationId',
      '0.metadata.actor',
      '0.metadata.tenantId',
      '0.metadata.traceparent',
      '0.metadata.schemaVersion',
      '1.metadata.schemaVersion',
    ]);
  });

  it('accepts custom JSON metadata keys and rejects non-JSON ones', () => {
    const [event] = prepareEvents(
      's',
      [{ type: 'a.b', data: 1, metadata: { schemaVersion: 2, labels: ['x'], cost: 0.1 } }],
      options,
    );
    expect(event!.metadata).toEqual({ schemaVersion: 2, labels: ['x'], cost: 0.1 });
    const issues = issuesOf(() =>
      prepareEvents(
        's',
        [{ type: 'a.b', data: 1, metadata: { when: new Date() } as never }],
        options,
      ),
    );
    expect(issues[0]!.path).toEqual([0, 'metadata', 'when']);
    expect(
      issuesOf(() =>
        prepareEvents('s', [{ type: 'a.b', data: 1, metadata: [] as never }], options),
      )[0]!.message,
    ).toMatch(/must be an object/);
  });

  it('lists every issue of the batch at once, and writes nothing', () => {
    const issues = issuesOf(() =>
      prepareEvents(
        '',
        [{ type: 'X', data: undefined }, 42, { type: 'a.b', data: () => 1 }] as never,
        options,
      ),
    );
    expect(issues.map((issue) => issue.path.join('.'))).toEqual([
      'streamId',
      '0.type',
      '0.data',
      '1',
      '2.data',
    ]);
  });

  it('rejects events that are not an array', () => {
    const issues = issuesOf(() => prepareEvents('s', { type: 'a.b', data: 1 } as never, options));
    expect(issues).toEqual([
      { path: ['events'], message: 'must be an array of events, got an object (Object)' },
    ]);
  });

  it('accepts an event exactly at the size limit and rejects one byte over', () => {
    // data "xxxx…" is n + 2 bytes of JSON, empty metadata `{}` is 2 more.
    const data = 'x'.repeat(1000);
    const event = { type: 'a.b', data };
    expect(prepareEvents('s', [event], { ...options, maxEventBytes: 1004 })).toHaveLength(1);
    let thrown: unknown;
    try {
      prepareEvents('s', [{ type: 'a.b', data: 'ok' }, event], { ...options, maxEventBytes: 1003 });
    } catch (error) {
      thrown = error;
    }
    expect(PayloadTooLargeError.is(thrown)).toBe(true);
    const error = thrown as PayloadTooLargeError;
    expect(error.bytes).toBe(1004);
    expect(error.limit).toBe(1003);
    expect(error.message).toContain('#1 (a.b) for stream s');
  });

  it('counts metadata and multi-byte characters in the size', () => {
    const event = { type: 'a.b', data: 'é', metadata: { actor: 'ü' } };
    const exact = Buffer.byteLength('"é"') + Buffer.byteLength('{"actor":"ü"}');
    expect(prepareEvents('s', [event], { ...options, maxEventBytes: exact })).toHaveLength(1);
    expect(() => prepareEvents('s', [event], { ...options, maxEventBytes: exact - 1 })).toThrow(
      PayloadTooLargeError,
    );
  });

  it('returns deep-frozen copies when copy is true, and the caller objects otherwise', () => {
    const data = { nested: { list: [1] } };
    const metadata = { actor: 'me', extra: { a: 1 } };
    const [copied] = prepareEvents('s', [{ type: 'a.b', data, metadata }], {
      ...options,
      copy: true,
    });
    expect(copied!.data).toEqual(data);
    expect(copied!.data).not.toBe(data);
    expect(copied!.metadata).not.toBe(metadata);
    expect(Object.isFrozen((copied!.data as typeof data).nested.list)).toBe(true);
    expect(Object.isFrozen(copied!.metadata.extra)).toBe(true);
    data.nested.list.push(2);
    expect((copied!.data as typeof data).nested.list).toEqual([1]);
    const [same] = prepareEvents('s', [{ type: 'a.b', data, metadata }], options);
    expect(same!.data).toBe(data);
    expect(same!.metadata).toBe(metadata);
  });
});

describe('assertStreamId', () => {
  it('accepts ordinary ids and rejects empty, too long, non-string and unstorable ones', () => {
    expect(() => assertStreamId('run-01J')).not.toThrow();
    expect(() => assertStreamId('x'.repeat(MAX_STREAM_ID_LENGTH))).not.toThrow();
    for (const bad of [
      '',
      'x'.repeat(MAX_STREAM_ID_LENGTH + 1),
      7,
      undefined,
      'a\u0000b',
      '\ud800',
    ]) {
      let thrown: unknown;
      try {
        assertStreamId(bad);
      } catch (error) {
        thrown = error;
      }
      expect(hasErrorCode(thrown, 'VALIDATION_FAILED'), String(bad)).toBe(true);
      expect((thrown as ValidationError).issues[0]!.path).toEqual(['streamId']);
    }
  });
});
