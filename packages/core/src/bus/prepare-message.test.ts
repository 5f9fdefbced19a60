import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, type ValidationError } from '../errors/core-errors.js';
import { expectThrownCode } from '../testing/expect-error-code.js';
import { createUuidV7Generator, isUuid } from '../util/uuid.js';
import type { OutgoingMessage } from './event-bus.js';
import { type PrepareMessageOptions, prepareMessage } from './prepare-message.js';

const options: PrepareMessageOptions = {
  maxMessageBytes: 1024,
  newId: createUuidV7Generator(),
  copy: false,
};

function rejection(topic: unknown, message: unknown, opts = options): ValidationError {
  return expectThrownCode(
    () => prepareMessage(topic, message as OutgoingMessage, opts),
    'VALIDATION_FAILED',
  ) as ValidationError;
}

describe('prepareMessage', () => {
  it('keeps a given id and generates a UUID when there is none', () => {
    expect(prepareMessage('a.b', { id: 'msg-1', payload: 1 }, options).id).toBe('msg-1');
    expect(isUuid(prepareMessage('a.b', { payload: 1 }, options).id)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['longer than 200 characters', 'x'.repeat(201)],
    ['not a string', 42],
    ['null', null],
  ])('rejects an id that is %s', (_name, id) => {
    const error = rejection('a.b', { id, payload: 1 });
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toEqual(['id']);
    expect(error.issues[0]!.message).toMatch(/must be a string of 1 to 200 characters/);
  });

  it('accepts an id of exactly 200 characters', () => {
    expect(prepareMessage('a.b', { id: 'x'.repeat(200), payload: 1 }, options).id).toHaveLength(
      200,
    );
  });

  it('rejects an invalid topic, including a wildcard, before anything else', () => {
    expect(rejection('a.*', { payload: 1 }).issues[0]!.path).toEqual(['topic']);
    expect(rejection('', { payload: 1 }).issues[0]!.path).toEqual(['topic']);
  });

  it('rejects a message that is not an object, and a missing or non-JSON payload', () => {
    expect(rejection('a.b', null).message).toMatch(/must be an object such as \{ payload \}/);
    expect(rejection('a.b', {}).issues.map((issue) => issue.message)).toContain(
      'is missing: use null for no payload',
    );
    const error = rejection('a.b', { payload: { when: new Date(), n: 1n } });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['payload', 'when'],
      ['payload', 'n'],
    ]);
  });

  it('requires header values to be strings and header names to be safe', () => {
    const error = rejection('a.b', {
      payload: 1,
      headers: { ok: 'yes', count: 3, 'bad name': 'x', 'new\nline': 'y', 'x:y': 'z' },
    });
    expect(error.issues).toEqual([
      { path: ['headers', 'count'], message: 'must be a string, got 3' },
      {
        path: ['headers', 'bad name'],
        message: 'header names may hold letters, digits, "_", "-" and "." only',
      },
      {
        path: ['headers', 'new\nline'],
        message: 'header names may hold letters, digits, "_", "-" and "." only',
      },
      {
        path: ['headers', 'x:y'],
        message: 'header names may hold letters, digits, "_", "-" and "." only',
      },
    ]);
    expect(rejection('a.b', { payload: 1, headers: ['a'] }).issues[0]!.path).toEqual(['headers']);
  });

  it('refuses a header named __proto__, which decoding into an object would lose', () => {
    const headers = JSON.parse('{"__proto__":"x","fine":"y"}') as Record<string, string>;
    expect(rejection('a.b', { payload: 1, headers }).issues).toEqual([
      {
        path: ['headers', '__proto__'],
        message: 'the header name "__proto__" is not allowed: rename it',
      },
    ]);
  });

  it('returns a frozen copy of the headers', () => {
    const headers = { traceparent: '00-abc-def-01', 'x.y_z-1': 'v' };
    const prepared = prepareMessage('a.b', { payload: 1, headers }, options);
    expect(prepared.headers).toEqual(headers);
    expect(prepared.headers).not.toBe(headers);
    expect(Object.isFrozen(prepared.headers)).toBe(true);
  });

  it('accepts a message exactly at the size limit and rejects one byte over', () => {
    // "…" is n + 2 bytes, headers {"k":"v"} are 9 bytes.
    const message = { payload: 'é'.repeat(100), headers: { k: 'v' } };
    const exact = 200 + 2 + 9;
    const prepared = prepareMessage('a.b', message, { ...options, maxMessageBytes: exact });
    expect(prepared.payload).toBe(message.payload);
    let thrown: unknown;
    try {
      prepareMessage('a.b', message, { ...options, maxMessageBytes: exact - 1 });
    } catch (error) {
      thrown = error;
    }
    expect(PayloadTooLargeError.is(thrown)).toBe(true);
    expect((thrown as PayloadTooLargeError).bytes).toBe(exact);
    expect((thrown as Error).message).toContain('message for topic a.b is 211 bytes');
  });

  it('copies and freezes the payload only when asked', () => {
    const payload = { list: [1, 2] };
    expect(prepareMessage('a.b', { payload }, options).payload).toBe(payload);
    const copied = prepareMessage('a.b', { payload }, { ...options, copy: true }).payload;
    expect(copied).toEqual(payload);
    expect(copied).not.toBe(payload);
    expect(Object.isFrozen((copied as typeof payload).list)).toBe(true);
  });
});
