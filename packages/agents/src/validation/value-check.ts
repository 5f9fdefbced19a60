import {
  checkJson,
  describeValue,
  type JsonValue,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';

/** Where a value sits, from the root of the checked input. */
export type ValuePath = ReadonlyArray<string | number>;

/**
 * Checks `value` and returns it as `T` (objects rebuilt with their known keys only), pushing a
 * problem per wrong part to `issues`. The result is only meaningful when no issue was pushed.
 *
 * Hand-written rather than zod: these check what another process sent (bus payloads, stored
 * events), and importing zod would add tens of milliseconds to every import of this package.
 */
export type ValueCheck<T> = (value: unknown, path: ValuePath, issues: ValidationIssue[]) => T;

/** An object field that may be absent (or `undefined`). */
export interface OptionalField<T> {
  readonly optional: ValueCheck<T>;
}

type Field = ValueCheck<unknown> | OptionalField<unknown>;
type Shape = { readonly [key: string]: Field };
type RequiredPart<S extends Shape> = {
  -readonly [K in keyof S as S[K] extends OptionalField<unknown>
    ? never
    : K]: S[K] extends ValueCheck<infer T> ? T : never;
};
type OptionalPart<S extends Shape> = {
  -readonly [K in keyof S as S[K] extends OptionalField<unknown>
    ? K
    : never]?: S[K] extends OptionalField<infer T> ? T : never;
};
type Flatten<T> = { [K in keyof T]: T[K] };
/** The output of an {@link object} check of shape `S`. */
export type ObjectOf<S extends Shape> = Flatten<RequiredPart<S> & OptionalPart<S>>;

/** Runs `check` on `value`: its result, or the issues found. */
export function runCheck<T>(
  check: ValueCheck<T>,
  value: unknown,
):
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const checked = check(value, [], issues);
  return issues.length === 0 ? { ok: true, value: checked } : { ok: false, issues };
}

/**
 * Runs `check` on `value` and returns its result; throws `VALIDATION_FAILED` listing the issues
 * otherwise. `what` names the input in the message (`'message for thread t-1'`).
 */
export function checkOrThrow<T>(check: ValueCheck<T>, value: unknown, what: string): T {
  const result = runCheck(check, value);
  if (!result.ok) throw new ValidationError(`invalid ${what}`, result.issues);
  return result.value;
}

/** `issues` as short `path: message` lines, for messages and error details. */
export function issueLines(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

export const string: ValueCheck<string> = (value, path, issues) => {
  if (typeof value !== 'string')
    issues.push({ path, message: `must be a string, got ${describeValue(value)}` });
  return value as string;
};

export const nonEmptyString: ValueCheck<string> = (value, path, issues) => {
  if (typeof value !== 'string' || value.length === 0)
    issues.push({ path, message: `must be a non-empty string, got ${describeValue(value)}` });
  return value as string;
};

/** A string of `min` to `max` characters. */
export function stringOfLength(min: number, max: number): ValueCheck<string> {
  return (value, path, issues) => {
    if (typeof value !== 'string' || value.length < min || value.length > max)
      issues.push({
        path,
        message: `must be a string of ${min} to ${max} characters, got ${describeValue(value)}${typeof value === 'string' ? ` (${value.length})` : ''}`,
      });
    return value as string;
  };
}

export const boolean: ValueCheck<boolean> = (value, path, issues) => {
  if (typeof value !== 'boolean')
    issues.push({ path, message: `must be true or false, got ${describeValue(value)}` });
  return value as boolean;
};

/** Options of {@link number}. */
export interface NumberBounds {
  /** A safe integer only. */
  readonly integer?: boolean;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound. */
  readonly above?: number;
}

/** A finite number, within `bounds`. */
export function number(bounds: NumberBounds = {}): ValueCheck<number> {
  const wanted = [
    bounds.integer ? 'a whole number' : 'a finite number',
    bounds.min === undefined ? '' : ` of at least ${bounds.min}`,
    bounds.above === undefined ? '' : ` above ${bounds.above}`,
  ].join('');
  return (value, path, issues) => {
    const fits =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!bounds.integer || Number.isSafeInteger(value)) &&
      (bounds.min === undefined || value >= bounds.min) &&
      (bounds.above === undefined || value > bounds.above);
    if (!fits) issues.push({ path, message: `must be ${wanted}, got ${describeValue(value)}` });
    return value as number;
  };
}

/** One of `values`. */
export function oneOf<const Value extends string>(...values: Value[]): ValueCheck<Value> {
  return (value, path, issues) => {
    if (!values.includes(value as Value))
      issues.push({
        path,
        message: `must be ${values.map((known) => JSON.stringify(known)).join(' or ')}, got ${describeValue(value)}`,
      });
    return value as Value;
  };
}

/** Plain, portable JSON, as core's `checkJson` defines it. */
export const json: ValueCheck<JsonValue> = (value, path, issues) => {
  if (value === undefined) {
    issues.push({ path, message: 'must be JSON, got undefined' });
    return null;
  }
  return checkJson(value, path, issues, false).value;
};

/** Any value, taken as a `T` checked elsewhere (or not at all); as an object field, it must be present. */
export function unchecked<T = unknown>(): ValueCheck<T> {
  return (value) => value as T;
}

export function optional<T>(check: ValueCheck<T>): OptionalField<T> {
  return { optional: check };
}

export function nullable<T>(check: ValueCheck<T>): ValueCheck<T | null> {
  return (value, path, issues) => (value === null ? null : check(value, path, issues));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function array<T>(check: ValueCheck<T>): ValueCheck<T[]> {
  return (value, path, issues) => {
    if (!Array.isArray(value)) {
      issues.push({ path, message: `must be an array, got ${describeValue(value)}` });
      return [];
    }
    return value.map((item, index) => check(item, [...path, index], issues));
  };
}

/** An object whose every value passes `check`. */
export function record<T>(check: ValueCheck<T>): ValueCheck<Record<string, T>> {
  return (value, path, issues) => {
    if (!isObject(value)) {
      issues.push({ path, message: `must be an object, got ${describeValue(value)}` });
      return {};
    }
    const out: Record<string, T> = {};
    for (const [key, item] of Object.entries(value)) out[key] = check(item, [...path, key], issues);
    return out;
  };
}

/** An object with the fields of `shape`; other keys are dropped. */
export function object<const S extends Shape>(shape: S): ValueCheck<ObjectOf<S>> {
  const fields = Object.entries(shape);
  return (value, path, issues) => {
    if (!isObject(value)) {
      issues.push({ path, message: `must be an object, got ${describeValue(value)}` });
      return {} as ObjectOf<S>;
    }
    const out: Record<string, unknown> = {};
    for (const [key, field] of fields) {
      const item = Object.hasOwn(value, key) ? value[key] : undefined;
      if (typeof field === 'function') {
        if (item === undefined) issues.push({ path: [...path, key], message: 'is missing' });
        else out[key] = field(item, [...path, key], issues);
      } else if (item !== undefined) {
        out[key] = field.optional(item, [...path, key], issues);
      }
    }
    return out as ObjectOf<S>;
  };
}

/**
 * The first of `checks` that `value` passes. When it passes none, the issues reported are those
 * of the check `closest(value)` picks (the one the sender most likely meant).
 */
export function firstOf<T>(
  checks: readonly ValueCheck<T>[],
  closest: (value: unknown) => number,
): ValueCheck<T> {
  return (value, path, issues) => {
    for (const check of checks) {
      const attempt: ValidationIssue[] = [];
      const checked = check(value, path, attempt);
      if (attempt.length === 0) return checked;
    }
    return checks[closest(value)]!(value, path, issues);
  };
}

/** An object told apart by its `key` field: `variants[value[key]]` checks the rest. */
export function variants<T>(
  key: string,
  checks: { readonly [tag: string]: ValueCheck<T> },
): ValueCheck<T> {
  const tags = Object.keys(checks);
  return (value, path, issues) => {
    if (!isObject(value)) {
      issues.push({ path, message: `must be an object, got ${describeValue(value)}` });
      return value as T;
    }
    const tag = value[key];
    const check = typeof tag === 'string' && Object.hasOwn(checks, tag) ? checks[tag] : undefined;
    if (!check) {
      issues.push({
        path: [...path, key],
        message: `must be ${tags.map((known) => JSON.stringify(known)).join(' or ')}, got ${describeValue(tag)}`,
      });
      return value as T;
    }
    return check(value, path, issues);
  };
}

/** Exactly `expected`. */
export function literal<const Value extends string>(expected: Value): ValueCheck<Value> {
  return oneOf(expected);
}
