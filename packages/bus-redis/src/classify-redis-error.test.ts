import { ConnectionFailedError } from '@agenticflow/core';
import { describe, expect, it } from 'vitest';
import { classifyRedisError, toBusError } from './classify-redis-error.js';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyRedisError', () => {
  it('recognises the group replies the bus handles itself', () => {
    expect(classifyRedisError(new Error('BUSYGROUP Consumer Group name already exists'))).toBe(
      'busygroup',
    );
    expect(classifyRedisError(new Error("NOGROUP No such key 'k' or consumer group 'g'"))).toBe(
      'nogroup',
    );
  });

  it('treats unreachable, dropped and not-yet-serving servers as connection failures', () => {
    expect(classifyRedisError(withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toBe(
      'connection',
    );
    expect(classifyRedisError(new Error('Connection is closed.'))).toBe('connection');
    expect(
      classifyRedisError(
        Object.assign(new Error('Reached the max retries per request limit (which is 5).'), {
          name: 'MaxRetriesPerRequestError',
        }),
      ),
    ).toBe('connection');
    expect(classifyRedisError(new Error('LOADING Redis is loading the dataset in memory'))).toBe(
      'connection',
    );
    expect(classifyRedisError(new ConnectionFailedError('down'))).toBe('connection');
  });

  it('leaves other replies and non-errors as other', () => {
    expect(classifyRedisError(new Error('ERR syntax error'))).toBe('other');
    expect(classifyRedisError('a string')).toBe('other');
  });
});

describe('toBusError', () => {
  it('maps connection failures to a retryable CONNECTION_FAILED naming the server', () => {
    const error = toBusError(
      new Error('Connection is closed.'),
      'redis://h:6379',
      'publishing to a.b',
    );
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true });
    expect(error.message).toContain('redis://h:6379');
    expect(error.message).toContain('publishing to a.b');
  });

  it('maps any other reply to INTERNAL with the reply text, keeping the cause', () => {
    const cause = new Error('OOM command not allowed when used memory > maxmemory');
    const error = toBusError(cause, 'redis://h:6379', 'publishing to a.b');
    expect(error).toMatchObject({ code: 'INTERNAL', retryable: false, cause });
    expect(error.message).toContain('OOM command not allowed');
  });
});
