import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { resolveNatsEventBusOptions } from './nats-event-bus-options.js';

describe('resolveNatsEventBusOptions', () => {
  it('fills in the documented defaults', () => {
    expect(resolveNatsEventBusOptions({ servers: 'nats://h:4222' })).toMatchObject({
      connectAttempts: 5,
      streamPrefix: 'AGENTICFLOW',
      retention: 'limits',
      maxAgeMs: 604_800_000,
      maxBytes: -1,
      duplicateWindowMs: 120_000,
      storage: 'file',
      replicas: 1,
      maxMessageBytes: 1_048_576,
      publishTimeoutMs: 10_000,
      durableMode: 'off',
    });
  });

  it.each([
    [
      'neither servers nor a connection',
      {},
      /give servers \(such as 'nats:\/\/127\.0\.0\.1:4222'\) or a connection/,
    ],
    ['both', { servers: 'nats://h', connection: {} }, /give servers or connection, not both/],
    [
      'an empty server list',
      { servers: [] },
      /servers must be a URL or a non-empty list of URLs, got an array of 0/,
    ],
    [
      'a prefix with a dot',
      { servers: 'nats://h', streamPrefix: 'a.b' },
      /streamPrefix must be 1-48 .* got "a\.b"/,
    ],
    [
      'zero connect attempts',
      { servers: 'nats://h', connectAttempts: 0 },
      /connectAttempts must be an integer >= 1, got 0/,
    ],
    [
      'an unknown retention',
      { servers: 'nats://h', retention: 'workqueue' },
      /retention must be one of 'limits', 'interest', got "workqueue"/,
    ],
    [
      'an unknown durable mode',
      { servers: 'nats://h', durableMode: 'strict' },
      /durableMode must be one of 'off', 'warn', 'require'/,
    ],
    [
      'a monitor URL that is not http',
      { servers: 'nats://h', monitorUrl: 'nats://h:8222' },
      /monitorUrl must be an http\(s\) URL/,
    ],
    [
      'an onError that is not a function',
      { servers: 'nats://h', onError: 'log' },
      /onError must be a function, got "log"/,
    ],
  ])('rejects %s with INVALID_CONFIGURATION', (_name, options, message) => {
    const error = expectThrownCode(
      () => resolveNatsEventBusOptions(options as never),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toMatch(/^invalid NatsEventBus options: /);
    expect(error.message).toMatch(message);
  });

  it('lists every problem at once', () => {
    const error = expectThrownCode(
      () => resolveNatsEventBusOptions({ servers: 'nats://h', replicas: 0, maxBytes: -2 }),
      'INVALID_CONFIGURATION',
    );
    expect(error.details.problems).toHaveLength(2);
  });

  it('rejects options that are not an object', () => {
    expectThrownCode(() => resolveNatsEventBusOptions(null as never), 'INVALID_CONFIGURATION');
  });
});
