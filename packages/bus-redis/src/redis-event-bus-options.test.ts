import { expectThrownCode } from '@agenticflow/core/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { resolveRedisEventBusOptions } from './redis-event-bus-options.js';

const url = 'redis://127.0.0.1:6379';

describe('resolveRedisEventBusOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveRedisEventBusOptions({ url })).toEqual({
      url,
      client: undefined,
      protocol: 3,
      keyPrefix: 'agenticflow',
      partitions: [],
      retention: { maxLength: 100_000 },
      durability: 'warn',
      maxMessageBytes: 1024 * 1024,
      readBatch: 100,
      connectAttempts: 5,
      maxRetriesPerRequest: 5,
      maxOfflineQueue: 1000,
    });
  });

  it('accepts an ioredis client of either protocol and reply mapping instead of a URL', () => {
    const client = new Redis({ lazyConnect: true, protocol: 2 });
    expect(resolveRedisEventBusOptions({ client })).toMatchObject({ client, protocol: undefined });
    const mapped = new Redis({ lazyConnect: true, protocol: 3, replyMapping: 'resp3' });
    expect(resolveRedisEventBusOptions({ client: mapped }).client).toBe(mapped);
  });

  it('opens URL connections with the protocol asked for', () => {
    expect(resolveRedisEventBusOptions({ url, protocol: 2 }).protocol).toBe(2);
    expect(resolveRedisEventBusOptions({ url, protocol: 3 }).protocol).toBe(3);
  });

  it('refuses a protocol with a client, pointing to the client option', () => {
    const client = new Redis({ lazyConnect: true });
    const error = expectThrownCode(
      () => resolveRedisEventBusOptions({ client, protocol: 2 }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('new Redis({ protocol: 2 })');
  });

  it('needs exactly one of url and client', () => {
    const neither = expectThrownCode(
      () => resolveRedisEventBusOptions({}),
      'INVALID_CONFIGURATION',
    );
    expect(neither.message).toContain('give exactly one of url');
    const client = new Redis({ lazyConnect: true });
    expectThrownCode(() => resolveRedisEventBusOptions({ url, client }), 'INVALID_CONFIGURATION');
    expectThrownCode(
      () => resolveRedisEventBusOptions({ client: {} as Redis }),
      'INVALID_CONFIGURATION',
    );
  });

  it('refuses a client with an ioredis keyPrefix, pointing to the bus option', () => {
    const client = new Redis({ lazyConnect: true, keyPrefix: 'app:' });
    const error = expectThrownCode(
      () => resolveRedisEventBusOptions({ client }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('keyPrefix "app:"');
  });

  it('refuses a URL of another scheme without echoing its password', () => {
    const error = expectThrownCode(
      () => resolveRedisEventBusOptions({ url: 'http://user:hunter2@host:6379' }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('http://user:***@host:6379');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses bad values, naming the option and the value', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ keyPrefix: 'has space' }, 'keyPrefix must be'],
      [{ keyPrefix: '' }, 'keyPrefix must be'],
      [{ partitions: ['task.run'] }, 'partitions must be'],
      [{ partitions: 'task' }, 'partitions must be'],
      [{ retention: { maxLength: 0 } }, 'retention.maxLength must be an integer >= 1, got 0'],
      [{ retention: { maxAgeMs: 1.5 } }, 'retention.maxAgeMs must be'],
      [{ retention: {} }, 'retention must be'],
      [{ retention: 'forever' }, 'retention must be'],
      [{ durability: 'strict' }, `durability must be 'require', 'warn' or 'ignore', got "strict"`],
      [{ maxMessageBytes: -1 }, 'maxMessageBytes must be an integer >= 1, got -1'],
      [{ readBatch: 0 }, 'readBatch must be'],
      [{ connectAttempts: Number.NaN }, 'connectAttempts must be'],
      [{ maxRetriesPerRequest: 0 }, 'maxRetriesPerRequest must be'],
      [{ maxOfflineQueue: '10' }, 'maxOfflineQueue must be'],
      [{ protocol: 1 }, 'protocol must be 2 (RESP2) or 3 (RESP3), got 1'],
      [{ protocol: '3' }, 'protocol must be 2 (RESP2) or 3 (RESP3), got "3"'],
    ];
    for (const [options, message] of cases) {
      const error = expectThrownCode(
        () => resolveRedisEventBusOptions({ url, ...options }),
        'INVALID_CONFIGURATION',
      );
      expect(error.message).toContain(message);
    }
  });

  it('accepts every retention form and drops repeated partitions', () => {
    expect(resolveRedisEventBusOptions({ url, retention: 'unbounded' }).retention).toBe(
      'unbounded',
    );
    expect(resolveRedisEventBusOptions({ url, retention: { maxAgeMs: 60_000 } }).retention).toEqual(
      {
        maxAgeMs: 60_000,
      },
    );
    expect(resolveRedisEventBusOptions({ url, partitions: ['a', 'a', 'b'] }).partitions).toEqual([
      'a',
      'b',
    ]);
  });
});
