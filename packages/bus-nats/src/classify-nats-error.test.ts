import { AgenticFlowError, hasErrorCode, TimeoutError } from '@agenticflow/core';
import { JetStreamApiError } from '@nats-io/jetstream';
import { errors, RequestError } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import { classifyNatsError } from './classify-nats-error.js';

const context = { action: 'publish to a.b', servers: 'nats://u:***@h:4222' };
const apiError = (code: number, description: string) =>
  new JetStreamApiError({ code: 400, err_code: code, description });

describe('classifyNatsError', () => {
  it.each([
    ['a timeout', new errors.TimeoutError(), 'TIMEOUT', true],
    ['no responders', new errors.NoRespondersError('$JS.API.x'), 'CONNECTION_FAILED', true],
    [
      'a request without responders',
      new RequestError('x', { cause: new errors.NoRespondersError('$JS.API.x') }),
      'CONNECTION_FAILED',
      true,
    ],
    [
      'a lost connection',
      new errors.ConnectionError('connection refused'),
      'CONNECTION_FAILED',
      true,
    ],
    ['a closed connection', new errors.ClosedConnectionError(), 'CONNECTION_FAILED', false],
    [
      'refused credentials',
      new errors.AuthorizationError('Authorization Violation'),
      'CONNECTION_FAILED',
      false,
    ],
    ['a socket error', new Error('connect ECONNREFUSED 127.0.0.1:1'), 'CONNECTION_FAILED', true],
    ['a missing stream', apiError(10059, 'stream not found'), 'NOT_FOUND', false],
    ['a missing consumer', apiError(10014, 'consumer not found'), 'NOT_FOUND', false],
    [
      'JetStream off',
      apiError(10039, 'jetstream not enabled for account'),
      'INVALID_CONFIGURATION',
      false,
    ],
    [
      'overlapping subjects',
      apiError(10065, 'subjects overlap with an existing stream'),
      'INVALID_CONFIGURATION',
      false,
    ],
    [
      'a busy JetStream',
      apiError(10008, 'JetStream system temporarily unavailable'),
      'CONNECTION_FAILED',
      true,
    ],
    ['another API error', apiError(10999, 'odd'), 'INTERNAL', false],
    ['anything else', new TypeError('boom'), 'INTERNAL', false],
  ])('maps %s to %s', (_name, error, code, retryable) => {
    const classified = classifyNatsError(error, context);
    expect(hasErrorCode(classified, code)).toBe(true);
    expect(classified.retryable).toBe(retryable);
    expect(classified.message).toContain('publish to a.b');
    expect(classified.cause).toBeDefined();
  });

  it('names the servers in connection errors', () => {
    const classified = classifyNatsError(new errors.TimeoutError(), context);
    expect(classified.message).toContain('nats://u:***@h:4222');
    expect(classified.details).toMatchObject({ servers: context.servers });
  });

  it('passes AgenticFlow errors through unchanged', () => {
    const error = new TimeoutError('already classified');
    expect(classifyNatsError(error, context)).toBe(error);
    expect(classifyNatsError('a string', context)).toBeInstanceOf(AgenticFlowError);
  });
});
