import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from './core-errors.js';

/** Converts zod issues to {@link ValidationIssue}s. */
export function zodIssuesToValidationIssues(
  issues: readonly z.core.$ZodIssue[],
): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    message: issue.message,
  }));
}

/**
 * Parses `value` with `schema`; on failure throws a `VALIDATION_FAILED` {@link ValidationError}
 * listing every zod issue. `what` names the input in the message (`'tool input for fs.read'`).
 */
export function parseWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(`invalid ${what}`, zodIssuesToValidationIssues(result.error.issues), {
    cause: result.error,
  });
}
