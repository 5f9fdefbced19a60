import { createHash } from 'node:crypto';
import { ValidationError } from '@agenticflow/core';

/**
 * JSON with object keys sorted at every level, so equal values give equal text whatever the key
 * order. Follows `JSON.stringify` otherwise (`toJSON` is not called: arguments are plain data).
 * Throws `VALIDATION_FAILED` for values JSON cannot hold.
 */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

const MAX_DEPTH = 128;

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) fail('is nested too deeply or circular');
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) fail(`holds ${value}, which is not JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? 'null' : write(item, depth + 1))).join(',')}]`;
      const entries = Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map(
          (key) =>
            `${JSON.stringify(key)}:${write((value as Record<string, unknown>)[key], depth + 1)}`,
        );
      return `{${entries.join(',')}}`;
    }
    default:
      return fail(`holds a ${typeof value}, which is not JSON`);
  }
}

function fail(problem: string): never {
  throw new ValidationError('arguments are not plain JSON', [
    { path: [], message: `the value ${problem}: send JSON data only` },
  ]);
}

/** SHA-256 (hex) of the canonical JSON of `{ tool, input }`: what an approval is bound to. */
export function argumentsHash(tool: string, input: unknown): string {
  return createHash('sha256').update(canonicalJson({ tool, input })).digest('hex');
}
