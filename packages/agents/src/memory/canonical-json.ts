import type { JsonValue } from '@agenticflow/core';

/**
 * JSON text of `value` with object keys sorted, so equal values always give equal text whatever
 * order a backend returns keys in (PostgreSQL `jsonb` reorders them).
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  const fields = keys.map(
    (key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`,
  );
  return `{${fields.join(',')}}`;
}
