import type { ValidationIssue } from '../errors/core-errors.js';

/** A JSON primitive. */
export type JsonPrimitive = string | number | boolean | null;
/** Any JSON value: what events, snapshots and bus messages may carry. */
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** How deep JSON may nest; deeper values (and circular ones) are rejected. */
export const MAX_JSON_DEPTH = 128;
const MAX_ISSUES = 20;
// Characters no backend can store in a JSON string (PostgreSQL jsonb rejects \u0000, and lone
// surrogates are not valid Unicode), so they are refused everywhere for portability.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding \u0000 is the point of this pattern.
const SUSPICIOUS_CHARS = /[\u0000\ud800-\udfff]/;

// `isWellFormed` is in Node 20 but in TypeScript's ES2024 lib, which would also admit APIs Node 20 lacks.
interface WellFormedString {
  isWellFormed(): boolean;
}

// Object keys already found valid: the same few keys appear in event after event.
const KNOWN_KEYS = new Set<string>();
const MAX_KNOWN_KEYS = 4096;

const hasOwn = Object.prototype.hasOwnProperty;

/** Result of {@link checkJson}. */
export interface JsonCheck {
  /** The value, copied and deeply frozen when `copy` was set, else the input itself. */
  readonly value: JsonValue;
  /** An upper bound of the UTF-8 length of `JSON.stringify(value)`. */
  readonly maxBytes: number;
}

/**
 * Validates that `value` is plain, portable JSON and measures an upper bound of its encoded size in
 * one pass. Problems are pushed to `issues` (with `path` prefixed), never thrown.
 *
 * Refused: `undefined`, functions, symbols, BigInt, NaN and Infinity, class instances (Date, Map,
 * Buffer…), sparse arrays, a `__proto__` key, `\u0000` and lone surrogates in strings, and nesting
 * deeper than {@link MAX_JSON_DEPTH} (which also catches circular references).
 */
export function checkJson(
  value: unknown,
  path: ReadonlyArray<string | number>,
  issues: ValidationIssue[],
  copy: boolean,
): JsonCheck {
  const walker = new JsonWalker(issues, copy);
  return walker.check(value, [...path]);
}

/** The exact UTF-8 length of a JSON value's encoding. */
export function jsonByteLength(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * The walker behind {@link checkJson}, reusable for many values (one per append batch), so the
 * hot path allocates nothing but the copies. `path` is used as a stack and restored afterwards.
 */
export class JsonWalker {
  bytes = 0;

  constructor(
    private readonly issues: ValidationIssue[],
    private readonly copy: boolean,
  ) {}

  /** Checks (and copies, when set) one value; `maxBytes` is this value's bound only. */
  check(value: unknown, path: Array<string | number>): JsonCheck {
    const before = this.bytes;
    const checked = this.walk(value, path, 0);
    return { value: checked as JsonValue, maxBytes: this.bytes - before };
  }

  /** {@link JsonWalker.check} without the result object: read the size bound from `bytes`. */
  walkValue(value: unknown, path: Array<string | number>): JsonValue {
    return this.walk(value, path, 0) as JsonValue;
  }

  /** Checks a string that is not inside a JSON value (a stream id): NUL and lone surrogates. */
  checkText(value: string, path: Array<string | number>): void {
    this.checkString(value, path);
  }

  walk(value: unknown, path: Array<string | number>, depth: number): unknown {
    switch (typeof value) {
      case 'string':
        this.checkString(value, path);
        this.bytes += value.length * 6 + 2;
        return value;
      case 'number':
        if (!Number.isFinite(value))
          this.fail(path, `${value} is not valid JSON: use a finite number or null`);
        this.bytes += 25;
        return Object.is(value, -0) ? 0 : value;
      case 'boolean':
        this.bytes += 5;
        return value;
      case 'undefined':
        this.fail(path, 'undefined is not JSON: omit the key or use null');
        return null;
      case 'bigint':
        this.fail(path, 'a BigInt is not JSON: convert it to a string or a number');
        return null;
      case 'function':
        this.fail(path, 'a function is not JSON: pass data only');
        return null;
      case 'symbol':
        this.fail(path, 'a symbol is not JSON: use a string');
        return null;
      default:
        if (value === null) {
          this.bytes += 4;
          return null;
        }
        return this.walkObject(value as object, path, depth);
    }
  }

  private walkObject(value: object, path: Array<string | number>, depth: number): unknown {
    if (depth >= MAX_JSON_DEPTH) {
      this.fail(
        path,
        `nested more than ${MAX_JSON_DEPTH} levels deep, or circular: flatten the value`,
      );
      return null;
    }
    if (Array.isArray(value)) return this.walkArray(value, path, depth);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = (proto?.constructor?.name as string | undefined) ?? 'object';
      this.fail(
        path,
        `a ${kind} is not plain JSON: convert it (a Date to an ISO string, a Map to an object)`,
      );
      return null;
    }
    const out: Record<string, unknown> | null = this.copy ? {} : null;
    this.bytes += 2;
    // for-in with an own-key check visits what Object.keys lists, in the same order, without
    // allocating the array (the prototype is Object.prototype or null here).
    for (const key in value) {
      if (!hasOwn.call(value, key)) continue;
      path.push(key);
      if (key === '__proto__') {
        this.fail(path, 'the key "__proto__" is not allowed: rename it');
      } else {
        if (!KNOWN_KEYS.has(key)) {
          const before = this.issues.length;
          this.checkString(key, path);
          if (this.issues.length === before && KNOWN_KEYS.size < MAX_KNOWN_KEYS)
            KNOWN_KEYS.add(key);
        }
        this.bytes += key.length * 6 + 4;
        const child = this.walk((value as Record<string, unknown>)[key], path, depth + 1);
        if (out) out[key] = child;
      }
      path.pop();
      if (this.issues.length >= MAX_ISSUES) break;
    }
    return out ? Object.freeze(out) : value;
  }

  private walkArray(value: unknown[], path: Array<string | number>, depth: number): unknown {
    const out: unknown[] | null = this.copy ? new Array(value.length) : null;
    this.bytes += 2;
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      if (!(index in value))
        this.fail(path, 'a hole in a sparse array is not JSON: fill it with null');
      const child = this.walk(value[index], path, depth + 1);
      if (out) out[index] = child;
      this.bytes += 1;
      path.pop();
      if (this.issues.length >= MAX_ISSUES) break;
    }
    return out ? Object.freeze(out) : value;
  }

  private checkString(value: string, path: Array<string | number>): void {
    if (!SUSPICIOUS_CHARS.test(value)) return;
    if (value.includes('\u0000')) {
      this.fail(
        path,
        'the character \\u0000 cannot be stored: remove it or encode the value (base64)',
      );
    } else if (!(value as unknown as WellFormedString).isWellFormed()) {
      this.fail(path, 'a lone UTF-16 surrogate is not valid Unicode: fix the string encoding');
    }
  }

  private fail(path: ReadonlyArray<string | number>, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path: [...path], message });
  }
}
