import { describe, expect, it } from 'vitest';
import type { ValidationError } from '../errors/core-errors.js';
import { expectThrownCode } from '../testing/expect-error-code.js';
import type { BusSubscribeOptions, MessageHandler } from './event-bus.js';
import {
  DEFAULT_ACK_TIMEOUT_MS,
  DEFAULT_MAX_DELIVERIES,
  DEFAULT_REDELIVERY_BACKOFF,
  resolveBusSubscribeOptions,
} from './subscribe-options.js';

const handler: MessageHandler = () => {};

function rejection(pattern: unknown, h: unknown, options: unknown): ValidationError {
  return expectThrownCode(
    () => resolveBusSubscribeOptions(pattern, h as MessageHandler, options as BusSubscribeOptions),
    'VALIDATION_FAILED',
  ) as ValidationError;
}

describe('resolveBusSubscribeOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveBusSubscribeOptions('a.>', handler);
    expect(resolved).toEqual({
      group: undefined,
      maxDeliveries: DEFAULT_MAX_DELIVERIES,
      ackTimeoutMs: DEFAULT_ACK_TIMEOUT_MS,
      backoff: DEFAULT_REDELIVERY_BACKOFF,
      concurrency: 1,
    });
    expect(DEFAULT_MAX_DELIVERIES).toBe(5);
    expect(DEFAULT_ACK_TIMEOUT_MS).toBe(30_000);
  });

  it('keeps the values it is given', () => {
    const backoff = () => 7;
    const resolved = resolveBusSubscribeOptions('a.*', handler, {
      group: 'workers_1-a',
      maxDeliveries: 1,
      ackTimeoutMs: 250,
      backoff,
      concurrency: 8,
    });
    expect(resolved).toEqual({
      group: 'workers_1-a',
      maxDeliveries: 1,
      ackTimeoutMs: 250,
      backoff,
      concurrency: 8,
    });
  });

  it('has a default backoff that grows and stays within 10 s', () => {
    expect(DEFAULT_REDELIVERY_BACKOFF(1)).toBeLessThanOrEqual(100);
    expect(DEFAULT_REDELIVERY_BACKOFF(1)).toBeGreaterThanOrEqual(80);
    expect(DEFAULT_REDELIVERY_BACKOFF(30)).toBeLessThanOrEqual(10_000);
  });

  it.each([
    ['a group with a dot', { group: 'a.b' }, 'group'],
    ['an empty group', { group: '' }, 'group'],
    ['a group of 101 characters', { group: 'g'.repeat(101) }, 'group'],
    ['maxDeliveries 0', { maxDeliveries: 0 }, 'maxDeliveries'],
    ['fractional maxDeliveries', { maxDeliveries: 1.5 }, 'maxDeliveries'],
    ['ackTimeoutMs 0', { ackTimeoutMs: 0 }, 'ackTimeoutMs'],
    ['ackTimeoutMs Infinity', { ackTimeoutMs: Number.POSITIVE_INFINITY }, 'ackTimeoutMs'],
    ['a negative concurrency', { concurrency: -1 }, 'concurrency'],
    ['a string concurrency', { concurrency: '2' }, 'concurrency'],
    ['a backoff that is not a function', { backoff: 100 }, 'backoff'],
  ])('rejects %s', (_name, options, path) => {
    const error = rejection('a.b', handler, options);
    expect(error.issues.map((issue) => issue.path)).toEqual([[path]]);
    expect(error.message).toMatch(/^invalid subscribe options for a\.b: /);
  });

  it('rejects a handler that is not a function and lists every issue', () => {
    const error = rejection('a.b', 'nope', { maxDeliveries: 0, group: '!' });
    expect(error.issues.map((issue) => issue.path[0])).toEqual([
      'handler',
      'group',
      'maxDeliveries',
    ]);
  });

  it('rejects an invalid pattern', () => {
    expect(rejection('a.>.b', handler, {}).issues[0]!.path).toEqual(['pattern']);
  });
});
