import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/core-errors.js';
import { expectThrownCode } from '../testing/expect-error-code.js';
import type { AgenticEvent } from './envelope.js';
import { deserializeEvent, serializeEvent } from './serialize-event.js';

const event: AgenticEvent = {
  id: '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90',
  type: 'step.completed',
  streamId: 'run-1',
  version: 3,
  position: 9_007_199_254_740_993n,
  time: '2026-01-01T00:00:00.000Z',
  data: { output: [1, 'two', { three: null }] },
  metadata: { correlationId: 'c-1', schemaVersion: 2, custom: { a: true } },
};

function issuesOf(value: unknown): ValidationError {
  return expectThrownCode(() => deserializeEvent(value), 'VALIDATION_FAILED') as ValidationError;
}

describe('serializeEvent', () => {
  it('writes the position as a decimal string, exact beyond 2^53', () => {
    const serialized = serializeEvent(event);
    expect(serialized.position).toBe('9007199254740993');
    expect(JSON.parse(JSON.stringify(serialized))).toEqual(serialized);
  });

  it('round-trips through JSON and deserializeEvent', () => {
    const text = JSON.stringify(serializeEvent(event));
    expect(deserializeEvent(JSON.parse(text))).toEqual(event);
  });

  it('round-trips an event whose id is a UUID of another version, as stores accept', () => {
    // prepareEvents accepts any canonical UUID (isUuid), so deserializeEvent must too.
    for (const id of [
      '01234567-89ab-cdef-0123-456789abcdef',
      '00000000-0000-0000-0000-000000000001',
    ]) {
      const other = { ...event, id };
      expect(deserializeEvent(JSON.parse(JSON.stringify(serializeEvent(other))))).toEqual(other);
    }
  });
});

describe('deserializeEvent', () => {
  it.each([
    ['a missing id', { id: undefined }, 'id'],
    ['an id that is not a UUID', { id: 'evt-1' }, 'id'],
    ['an invalid type', { type: 'Step Completed' }, 'type'],
    ['an empty stream id', { streamId: '' }, 'streamId'],
    ['version 0', { version: 0 }, 'version'],
    ['a fractional version', { version: 1.5 }, 'version'],
    ['a numeric position', { position: 1 }, 'position'],
    ['position 0', { position: '0' }, 'position'],
    ['a position with a leading zero', { position: '01' }, 'position'],
    ['a time that is not ISO-8601', { time: 'yesterday' }, 'time'],
    ['a non-string correlationId', { metadata: { correlationId: 5 } }, 'metadata.correlationId'],
    ['a zero schemaVersion', { metadata: { schemaVersion: 0 } }, 'metadata.schemaVersion'],
    ['missing metadata', { metadata: undefined }, 'metadata'],
  ])('rejects %s with VALIDATION_FAILED at its path', (_name, change, path) => {
    const error = issuesOf({ ...serializeEvent(event), ...change });
    expect(error.issues.map((issue) => issue.path.join('.'))).toContain(path);
    expect(error.message).toMatch(/^invalid serialized event: /);
  });

  it('rejects values that are not objects', () => {
    for (const value of [null, 'event', 1, []]) {
      expect(ValidationError.is(issuesOf(value))).toBe(true);
    }
  });
});
