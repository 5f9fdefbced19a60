import {
  checkJson,
  type JsonValue,
  jsonByteLength,
  PayloadTooLargeError,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';

/**
 * Checks that a step or run output (or an input, or a resume payload) is JSON (`undefined` becomes
 * `null`) and, when `maxBytes` is given, no larger than that; returns it. Throws
 * `VALIDATION_FAILED` listing the problems, or `PAYLOAD_TOO_LARGE`, so a bad value fails its step
 * (or call) rather than the append that would record it.
 */
export function toJsonOutput(value: unknown, what: string, maxBytes?: number): JsonValue {
  if (value === undefined) return null;
  // The output of most steps: nothing to check, and 4 bytes.
  if (value === null && (maxBytes === undefined || maxBytes >= 4)) return null;
  const issues: ValidationIssue[] = [];
  const checked = checkJson(value, [], issues, false);
  if (issues.length > 0) throw new ValidationError(`${what} is not JSON`, issues);
  if (maxBytes !== undefined && checked.maxBytes > maxBytes) {
    const bytes = jsonByteLength(checked.value);
    if (bytes > maxBytes) throw new PayloadTooLargeError('event', bytes, maxBytes, what);
  }
  return checked.value;
}
