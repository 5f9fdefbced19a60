import type { JsonValue } from '@agenticflow/core';

/** Where two values first differ. */
export interface ReplayDifference {
  /** Dotted path of the first differing part (`messages.0.content`), `''` for the whole value. */
  readonly path: string;
  /** A short preview of the recorded value there (`undefined` when absent). */
  readonly recorded: string;
  /** A short preview of the value the replay produced there. */
  readonly actual: string;
}

const PREVIEW_CHARS = 120;

/**
 * The first difference between a recorded value and the one a replay produced, compared as
 * stored JSON (keys unordered, `undefined` fields ignored), or `undefined` when they are equal.
 */
export function findDifference(recorded: unknown, actual: unknown): ReplayDifference | undefined {
  return differ(
    asJson(recorded) as JsonValue | undefined,
    asJson(actual) as JsonValue | undefined,
    [],
  );
}

/** `value` as it reads back from a store: a JSON round trip drops `undefined` fields. */
export function asJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function differ(
  recorded: JsonValue | undefined,
  actual: JsonValue | undefined,
  path: Array<string | number>,
): ReplayDifference | undefined {
  if (recorded === actual) return undefined;
  const bothArrays = Array.isArray(recorded) && Array.isArray(actual);
  const bothObjects = isObject(recorded) && isObject(actual);
  if (bothArrays) {
    const length = Math.max(recorded.length, actual.length);
    for (let index = 0; index < length; index++) {
      const found = differ(recorded[index], actual[index], [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (bothObjects) {
    const keys = new Set([...Object.keys(recorded), ...Object.keys(actual)]);
    for (const key of [...keys].sort()) {
      const found = differ(recorded[key], actual[key], [...path, key]);
      if (found) return found;
    }
    return undefined;
  }
  return { path: path.join('.'), recorded: preview(recorded), actual: preview(actual) };
}

function isObject(value: unknown): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
