import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/agenticflow-error.js';
import { ConnectionFailedError, ValidationError } from '../errors/core-errors.js';
import { createDeadLetterPayload, readDeadLetter } from './dead-letter.js';
import type { BusMessage } from './event-bus.js';

const message: BusMessage = {
  id: 'm-1',
  topic: 'jobs.run',
  payload: { job: 1 },
  headers: { traceparent: 't' },
  publishedAt: '2026-01-01T00:00:00.000Z',
  deliveryAttempt: 3,
};

describe('dead-letter payloads', () => {
  it('record the original message, the attempts, the group and the last error', () => {
    const error = new ConnectionFailedError('gone', { details: { big: 10n } as never });
    const payload = createDeadLetterPayload(message, 'workers', error);
    expect(payload).toMatchObject({
      originalTopic: 'jobs.run',
      messageId: 'm-1',
      payload: { job: 1 },
      headers: { traceparent: 't' },
      publishedAt: message.publishedAt,
      deliveryAttempts: 3,
      group: 'workers',
    });
    // BigInt details are made JSON-safe.
    expect(payload.error.details).toEqual({ big: '10' });
    expect(JSON.parse(JSON.stringify(payload))).toEqual(payload);
    expect(createDeadLetterPayload(message, undefined, 'x').group).toBeNull();
  });

  it('read back with the error as an AgenticFlowError', () => {
    const read = readDeadLetter(createDeadLetterPayload(message, undefined, new Error('boom')));
    expect(read.originalTopic).toBe('jobs.run');
    expect(hasErrorCode(read.error, 'INTERNAL')).toBe(true);
    expect(read.error.message).toBe('boom');
  });

  it('refuse to read something that is not a dead letter', () => {
    for (const value of [null, 1, { originalTopic: 'a' }, { error: {} }]) {
      expect(() => readDeadLetter(value as never)).toThrow(ValidationError);
    }
  });
});
