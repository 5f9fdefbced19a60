import { describe, expect, it } from 'vitest';
import {
  AgenticFlowError,
  deserializeError,
  hasErrorCode,
  isAgenticFlowError,
  isRetryableError,
  type SerializedError,
  serializeError,
  toAgenticFlowError,
} from './agenticflow-error.js';
import { ConnectionFailedError, ValidationError } from './core-errors.js';

/** What an error made by a second copy of core looks like: a different class, the same brand. */
class OtherCopyError extends Error {
  readonly code = 'EXPECTED_VERSION_CONFLICT';
  readonly retryable = true;
  readonly details = { streamId: 'run-1' };
  constructor(message: string) {
    super(message);
    this.name = 'ExpectedVersionConflictError';
    Object.defineProperty(this, Symbol.for('agenticflow.error'), { value: true });
  }
}

describe('AgenticFlowError', () => {
  it('carries code, retryable, details and cause, with retryable false by default', () => {
    const cause = new Error('socket hang up');
    const error = new AgenticFlowError('CONNECTION_FAILED', 'lost it', {
      details: { host: 'db' },
      cause,
      retryable: true,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AgenticFlowError');
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.retryable).toBe(true);
    expect(error.details).toEqual({ host: 'db' });
    expect(error.cause).toBe(cause);
    const plain = new AgenticFlowError('INTERNAL', 'x');
    expect(plain.retryable).toBe(false);
    expect(plain.details).toEqual({});
    expect('cause' in plain).toBe(false);
  });

  it('is recognised by its brand, not by instanceof, so a second copy of core counts', () => {
    const foreign = new OtherCopyError('conflict');
    expect(foreign instanceof AgenticFlowError).toBe(false);
    expect(isAgenticFlowError(foreign)).toBe(true);
    expect(hasErrorCode(foreign, 'EXPECTED_VERSION_CONFLICT')).toBe(true);
    expect(isRetryableError(foreign)).toBe(true);
    expect(isAgenticFlowError({ [Symbol.for('agenticflow.error')]: true, code: 'X' })).toBe(true);
  });

  it('does not mistake look-alikes for AgenticFlowErrors', () => {
    const lookAlike = Object.assign(new Error('x'), { code: 'TIMEOUT', retryable: true });
    for (const value of [lookAlike, { [Symbol('agenticflow.error')]: true }, null, 'TIMEOUT', 1]) {
      expect(isAgenticFlowError(value)).toBe(false);
      expect(hasErrorCode(value, 'TIMEOUT')).toBe(false);
      expect(isRetryableError(value)).toBe(false);
    }
  });

  it('matches hasErrorCode only on the exact code', () => {
    const error = new AgenticFlowError('NOT_FOUND', 'gone');
    expect(hasErrorCode(error, 'NOT_FOUND')).toBe(true);
    expect(hasErrorCode(error, 'not_found')).toBe(false);
    expect(hasErrorCode(error, 'TIMEOUT')).toBe(false);
  });

  it('reports retryable only when the flag is set', () => {
    expect(isRetryableError(new ConnectionFailedError('down'))).toBe(true);
    expect(isRetryableError(new ConnectionFailedError('down', { retryable: false }))).toBe(false);
    expect(isRetryableError(new AgenticFlowError('INTERNAL', 'x'))).toBe(false);
  });

  it('serializes itself through toJSON and JSON.stringify', () => {
    const error = new AgenticFlowError('TIMEOUT', 'too slow', { details: { ms: 5 } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'AgenticFlowError',
      code: 'TIMEOUT',
      message: 'too slow',
      retryable: false,
      details: { ms: 5 },
    });
  });
});

describe('serializeError', () => {
  it('keeps name, code, message, retryable, details and cause of an AgenticFlowError', () => {
    const error = new ConnectionFailedError('db down', {
      details: { host: 'pg' },
      cause: new TypeError('ECONNREFUSED'),
    });
    expect(serializeError(error)).toEqual({
      name: 'ConnectionFailedError',
      code: 'CONNECTION_FAILED',
      message: 'db down',
      retryable: true,
      details: { host: 'pg' },
      cause: { name: 'TypeError', code: 'INTERNAL', message: 'ECONNREFUSED', retryable: false },
    });
  });

  it('omits empty details', () => {
    expect('details' in serializeError(new AgenticFlowError('INTERNAL', 'x'))).toBe(false);
  });

  it('gives a plain Error the code INTERNAL and drops its stack', () => {
    const serialized = serializeError(new RangeError('out of range'));
    expect(serialized).toEqual({
      name: 'RangeError',
      code: 'INTERNAL',
      message: 'out of range',
      retryable: false,
    });
    expect(JSON.stringify(serialized)).not.toContain('at ');
  });

  it('turns non-errors into INTERNAL errors with their text', () => {
    expect(serializeError('just a string')).toEqual({
      name: 'Error',
      code: 'INTERNAL',
      message: 'just a string',
      retryable: false,
    });
    expect(serializeError(42).message).toBe('42');
    expect(serializeError(undefined).message).toBe('undefined');
    expect(serializeError(null).message).toBe('null');
  });

  it('keeps nested causes but caps their depth, so a cycle terminates', () => {
    let error: Error = new Error('level 0');
    for (let level = 1; level <= 10; level++) error = new Error(`level ${level}`, { cause: error });
    let serialized: SerializedError | undefined = serializeError(error);
    const messages: string[] = [];
    while (serialized) {
      messages.push(serialized.message);
      serialized = serialized.cause;
    }
    expect(messages).toEqual(['level 10', 'level 9', 'level 8', 'level 7', 'level 6', 'level 5']);

    const cyclic = new Error('me') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(JSON.stringify(serializeError(cyclic)).match(/"me"/g)).toHaveLength(6);
  });
});

describe('deserializeError', () => {
  it('round-trips a serialized error with its causes into an AgenticFlowError', () => {
    const original = new ValidationError('invalid input', [{ path: ['a'], message: 'bad' }], {
      cause: new ConnectionFailedError('inner', { details: { n: 1 } }),
    });
    const serialized = serializeError(original);
    const revived = deserializeError(JSON.parse(JSON.stringify(serialized)) as SerializedError);
    expect(isAgenticFlowError(revived)).toBe(true);
    expect(revived.name).toBe('ValidationError');
    expect(revived.code).toBe('VALIDATION_FAILED');
    expect(revived.message).toBe(original.message);
    expect(revived.details).toEqual({ issues: [{ path: ['a'], message: 'bad' }] });
    expect(hasErrorCode(revived.cause, 'CONNECTION_FAILED')).toBe(true);
    expect(isRetryableError(revived.cause)).toBe(true);
    expect(serializeError(revived)).toEqual(serialized);
  });
});

describe('toAgenticFlowError', () => {
  it('returns an AgenticFlowError (from any copy) unchanged', () => {
    const error = new ConnectionFailedError('down');
    expect(toAgenticFlowError(error)).toBe(error);
    const foreign = new OtherCopyError('other copy');
    expect(toAgenticFlowError(foreign, 'TIMEOUT')).toBe(foreign);
  });

  it('wraps other values with the given code and message and keeps them as cause', () => {
    const cause = new Error('raw failure');
    const wrapped = toAgenticFlowError(cause);
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('raw failure');
    expect(wrapped.cause).toBe(cause);
    const custom = toAgenticFlowError('text', 'CONNECTION_FAILED', 'could not reach redis');
    expect(custom.code).toBe('CONNECTION_FAILED');
    expect(custom.message).toBe('could not reach redis');
    expect(custom.cause).toBe('text');
    expect(toAgenticFlowError(7).message).toBe('7');
  });
});
