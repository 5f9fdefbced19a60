import { describe, expect, it } from 'vitest';
import { AgenticFlowError, isAgenticFlowError } from './agenticflow-error.js';
import {
  AbortedError,
  ClosedError,
  ConfigurationError,
  ConnectionFailedError,
  ExpectedVersionConflictError,
  IdempotencyConflictError,
  NotFoundError,
  PayloadTooLargeError,
  StreamDeletedError,
  TimeoutError,
  ValidationError,
} from './core-errors.js';

const cases = [
  [
    'ValidationError',
    ValidationError,
    () => new ValidationError('bad', []),
    'VALIDATION_FAILED',
    false,
  ],
  [
    'ExpectedVersionConflictError',
    ExpectedVersionConflictError,
    () => new ExpectedVersionConflictError('run-1', 1, 2),
    'EXPECTED_VERSION_CONFLICT',
    false,
  ],
  [
    'IdempotencyConflictError',
    IdempotencyConflictError,
    () => new IdempotencyConflictError('dup', { eventId: 'e' }),
    'IDEMPOTENCY_CONFLICT',
    false,
  ],
  [
    'PayloadTooLargeError',
    PayloadTooLargeError,
    () => new PayloadTooLargeError('event', 10, 5, '#0'),
    'PAYLOAD_TOO_LARGE',
    false,
  ],
  [
    'StreamDeletedError',
    StreamDeletedError,
    () => new StreamDeletedError('run-1'),
    'STREAM_DELETED',
    false,
  ],
  [
    'ConnectionFailedError',
    ConnectionFailedError,
    () => new ConnectionFailedError('x'),
    'CONNECTION_FAILED',
    true,
  ],
  ['TimeoutError', TimeoutError, () => new TimeoutError('x'), 'TIMEOUT', true],
  ['ClosedError', ClosedError, () => new ClosedError('the store'), 'CLOSED', false],
  ['AbortedError', AbortedError, () => new AbortedError(), 'ABORTED', false],
  [
    'ConfigurationError',
    ConfigurationError,
    () => new ConfigurationError('x'),
    'INVALID_CONFIGURATION',
    false,
  ],
  ['NotFoundError', NotFoundError, () => new NotFoundError('x'), 'NOT_FOUND', false],
] as const;

describe('core error classes', () => {
  it.each(cases)(
    '%s has its name, code and retryable default',
    (name, _cls, make, code, retryable) => {
      const error = make();
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(retryable);
      expect(isAgenticFlowError(error)).toBe(true);
    },
  );

  it.each(cases)(
    '%s.is recognises its code from any copy and nothing else',
    (_name, cls, make, code) => {
      expect(cls.is(make())).toBe(true);
      expect(cls.is(new AgenticFlowError(code, 'from a plain constructor'))).toBe(true);
      expect(cls.is({ [Symbol.for('agenticflow.error')]: true, code })).toBe(true);
      expect(cls.is(new AgenticFlowError('SOMETHING_ELSE', 'x'))).toBe(false);
      expect(cls.is(Object.assign(new Error('x'), { code }))).toBe(false);
      expect(cls.is(undefined)).toBe(false);
    },
  );
});

describe('ExpectedVersionConflictError', () => {
  it('names the stream, the expected and the actual version, and says to re-read', () => {
    const error = new ExpectedVersionConflictError('run-01J', 4, 6);
    expect(error.message).toBe(
      'expectedVersion 4 but stream run-01J is at 6: re-read the stream and retry',
    );
    expect(error.details).toEqual({ streamId: 'run-01J', expectedVersion: 4, actualVersion: 6 });
    expect(error.streamId).toBe('run-01J');
  });

  it('says "no stream" when the stream has no events', () => {
    const error = new ExpectedVersionConflictError('run-2', 'exists', 0);
    expect(error.message).toContain('expectedVersion exists but stream run-2 is at 0 (no stream)');
  });
});

describe('ValidationError', () => {
  it('lists each issue with its dotted path, or (root)', () => {
    const error = new ValidationError('invalid input', [
      { path: ['a', 0, 'b'], message: 'must be a string' },
      { path: [], message: 'must be an object' },
    ]);
    expect(error.message).toBe('invalid input: a.0.b: must be a string; (root): must be an object');
    expect(error.issues).toHaveLength(2);
    expect(error.details.issues).toBe(error.issues);
  });

  it('lists at most five issues and says how many more there are', () => {
    const issues = Array.from({ length: 8 }, (_, i) => ({ path: [`f${i}`], message: `bad ${i}` }));
    const error = new ValidationError('invalid thing', issues);
    for (let i = 0; i < 5; i++) expect(error.message).toContain(`f${i}: bad ${i}`);
    expect(error.message).not.toContain('f5');
    expect(error.message).toMatch(/; and 3 more$/);
    expect(error.issues).toHaveLength(8);
  });

  it('keeps caller details next to the issues', () => {
    const error = new ValidationError('x', [], { details: { tool: 'fs.read' } });
    expect(error.details).toEqual({ tool: 'fs.read', issues: [] });
  });
});

describe('messages of the other errors', () => {
  it('say what was wrong and what to do', () => {
    const tooLarge = new PayloadTooLargeError('message', 2_000_000, 1_048_576, 'for topic a.b');
    expect(tooLarge.message).toBe(
      'message for topic a.b is 2000000 bytes, over the limit of 1048576 bytes: store large content elsewhere and reference it, or raise the limit',
    );
    expect(tooLarge.details).toMatchObject({ kind: 'message', bytes: 2_000_000, limit: 1_048_576 });
    expect(new StreamDeletedError('run-9').message).toBe(
      'stream run-9 was deleted and cannot be appended to: use a new stream id',
    );
    expect(new ClosedError('InMemoryEventBus').message).toBe(
      'InMemoryEventBus is closed: create a new one',
    );
    expect(new AbortedError().message).toBe('the operation was aborted');
    const idempotency = new IdempotencyConflictError(
      'seen',
      { eventId: 'e1' },
      { details: { a: 1 } },
    );
    expect(idempotency.details).toEqual({ a: 1, eventId: 'e1' });
  });
});
