import {
  type AgenticFlowError,
  hasErrorCode,
  isAgenticFlowError,
} from '../errors/agenticflow-error.js';
import type { ErrorCode } from '../errors/error-codes.js';

function mismatch(code: ErrorCode, caught: unknown, threw: boolean): Error {
  if (!threw) return new Error(`expected a ${code} error, but the call succeeded`);
  const actual = isAgenticFlowError(caught) ? `${caught.code}: ${caught.message}` : String(caught);
  return new Error(`expected error code ${code}, got ${actual}`, { cause: caught });
}

/**
 * Calls `fn`, expects it to throw an `AgenticFlowError` with `code`, and returns that error for
 * further assertions. Throws a descriptive error otherwise (any test runner reports it).
 *
 * @example
 * ```ts
 * const error = expectThrownCode(() => assertTopic('a..b'), 'VALIDATION_FAILED');
 * ```
 */
export function expectThrownCode(fn: () => unknown, code: ErrorCode): AgenticFlowError {
  try {
    fn();
  } catch (error) {
    if (hasErrorCode(error, code)) return error;
    throw mismatch(code, error, true);
  }
  throw mismatch(code, undefined, false);
}

/** Async {@link expectThrownCode}: awaits `promise` and expects a rejection with `code`. */
export async function expectRejectedCode(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<AgenticFlowError> {
  try {
    await promise;
  } catch (error) {
    if (hasErrorCode(error, code)) return error;
    throw mismatch(code, error, true);
  }
  throw mismatch(code, undefined, false);
}
