import {
  checkJson,
  type JsonValue,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';

/**
 * Checks that a step or run output is JSON (`undefined` becomes `null`) and returns it; throws
 * `VALIDATION_FAILED` listing the problems otherwise, so a bad output fails its step rather than
 * the append that records it.
 */
export function toJsonOutput(value: unknown, what: string): JsonValue {
  if (value === undefined) return null;
  const issues: ValidationIssue[] = [];
  const checked = checkJson(value, [], issues, false);
  if (issues.length > 0) throw new ValidationError(`${what} is not JSON`, issues);
  return checked.value;
}
