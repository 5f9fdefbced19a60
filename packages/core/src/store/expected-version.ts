import { ExpectedVersionConflictError, ValidationError } from '../errors/core-errors.js';
import { describe } from '../util/describe.js';

/**
 * What the stream must look like for an append to go ahead:
 * - a number `n`: the stream is at version `n` exactly (`0` means it has no events);
 * - `'no_stream'`: the stream has no events;
 * - `'exists'`: the stream has at least one event;
 * - `'any'`: no check.
 */
export type ExpectedVersion = number | 'no_stream' | 'exists' | 'any';

/** Throws `VALIDATION_FAILED` unless `value` is an {@link ExpectedVersion}. */
export function assertExpectedVersion(value: unknown): asserts value is ExpectedVersion {
  if (value === 'no_stream' || value === 'exists' || value === 'any') return;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return;
  throw new ValidationError('invalid expectedVersion', [
    {
      path: ['expectedVersion'],
      message: `must be a version number >= 0, 'no_stream', 'exists' or 'any', got ${describe(value)}`,
    },
  ]);
}

/** True when a stream at `actualVersion` satisfies `expected`. */
export function matchesExpectedVersion(expected: ExpectedVersion, actualVersion: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actualVersion === 0;
    case 'exists':
      return actualVersion > 0;
    default:
      return actualVersion === expected;
  }
}

/** Throws {@link ExpectedVersionConflictError} unless a stream at `actualVersion` satisfies `expected`. */
export function checkExpectedVersion(
  streamId: string,
  expected: ExpectedVersion,
  actualVersion: number,
): void {
  if (!matchesExpectedVersion(expected, actualVersion)) {
    throw new ExpectedVersionConflictError(streamId, expected, actualVersion);
  }
}
