import { ValidationError, type ValidationIssue } from '../errors/core-errors.js';
import { type Backoff, exponentialBackoff } from '../util/backoff.js';
import { describe } from '../util/describe.js';
import type { BusSubscribeOptions, MessageHandler } from './event-bus.js';
import { assertTopicPattern } from './topics.js';

/** {@link BusSubscribeOptions} with every default filled in. */
export interface ResolvedBusSubscribeOptions {
  readonly group: string | undefined;
  readonly maxDeliveries: number;
  readonly ackTimeoutMs: number;
  readonly backoff: Backoff;
  readonly concurrency: number;
}

/** Default redelivery backoff of every bus. */
export const DEFAULT_REDELIVERY_BACKOFF: Backoff = exponentialBackoff({
  initialMs: 100,
  maxMs: 10_000,
});
/** Default deliveries before a message is dead-lettered. */
export const DEFAULT_MAX_DELIVERIES = 5;
/** Default ack timeout. */
export const DEFAULT_ACK_TIMEOUT_MS = 30_000;
const GROUP_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Validates `subscribe` arguments the same way on every bus and fills in the defaults. Throws
 * `VALIDATION_FAILED` listing the issues.
 */
export function resolveBusSubscribeOptions(
  pattern: unknown,
  handler: MessageHandler,
  options: BusSubscribeOptions = {},
): ResolvedBusSubscribeOptions {
  assertTopicPattern(pattern);
  const issues: ValidationIssue[] = [];
  if (typeof handler !== 'function')
    issues.push({ path: ['handler'], message: `must be a function, got ${describe(handler)}` });
  if (
    options.group !== undefined &&
    !(typeof options.group === 'string' && GROUP_NAME.test(options.group))
  ) {
    issues.push({
      path: ['group'],
      message: `must be 1-100 letters, digits, "_" or "-", got ${describe(options.group)}`,
    });
  }
  checkInteger(options.maxDeliveries, 'maxDeliveries', 1, issues);
  checkInteger(options.ackTimeoutMs, 'ackTimeoutMs', 1, issues);
  checkInteger(options.concurrency, 'concurrency', 1, issues);
  if (options.backoff !== undefined && typeof options.backoff !== 'function') {
    issues.push({
      path: ['backoff'],
      message: `must be a function (attempt) => ms, got ${describe(options.backoff)}`,
    });
  }
  if (issues.length > 0)
    throw new ValidationError(`invalid subscribe options for ${pattern}`, issues);
  return {
    group: options.group,
    maxDeliveries: options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES,
    ackTimeoutMs: options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS,
    backoff: options.backoff ?? DEFAULT_REDELIVERY_BACKOFF,
    concurrency: options.concurrency ?? 1,
  };
}

function checkInteger(value: unknown, name: string, min: number, issues: ValidationIssue[]): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= min)) {
    issues.push({ path: [name], message: `must be an integer >= ${min}, got ${describe(value)}` });
  }
}
