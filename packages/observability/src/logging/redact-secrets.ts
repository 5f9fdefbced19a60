import { ConfigurationError, describeValue } from '@agenticflow/core';

/** What replaces a redacted value or secret. */
export const REDACTED = '[REDACTED]';
/** Shortest secret accepted: shorter ones would mask ordinary words. */
export const MIN_SECRET_LENGTH = 4;
const MAX_DEPTH = 32;

// Keys compared in lower case without '-' and '_': 'API_KEY', 'apiKey' and 'x-api-key' all match.
const SENSITIVE_EXACT = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie']);
const SENSITIVE_SUFFIXES = ['password', 'passwd', 'secret', 'token', 'apikey', 'privatekey'];

/**
 * True when a value stored under `key` is redacted whatever it holds: `authorization`, `cookie`,
 * `set-cookie`, and keys ending in `password`, `secret`, `token`, `apiKey` or `privateKey`, in any
 * case and with any `_` or `-` (`API_KEY`, `accessToken`, `x-api-key`).
 */
export function isSensitiveKey(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_]/g, '');
  return SENSITIVE_EXACT.has(normal) || SENSITIVE_SUFFIXES.some((end) => normal.endsWith(end));
}

/**
 * Throws `INVALID_CONFIGURATION` unless `secrets` is a list of strings of at least
 * {@link MIN_SECRET_LENGTH} characters. `undefined` and `''` entries (an unset environment
 * variable) are dropped.
 */
export function checkSecrets(secrets: unknown): readonly string[] {
  if (secrets === undefined) return [];
  if (!Array.isArray(secrets)) {
    throw new ConfigurationError(
      `secrets must be an array of strings, got ${describeValue(secrets)}: pass the values to hide, such as [process.env.OPENAI_API_KEY]`,
    );
  }
  const kept: string[] = [];
  secrets.forEach((secret: unknown, index) => {
    if (secret === undefined || secret === '') return;
    if (typeof secret !== 'string') {
      throw new ConfigurationError(
        `secrets[${index}] must be a string, got ${describeValue(secret)}: pass the secret's text`,
      );
    }
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigurationError(
        `secrets[${index}] is ${secret.length} character(s), under the minimum of ${MIN_SECRET_LENGTH}: such a short value would mask ordinary text; pass the whole secret`,
      );
    }
    kept.push(secret);
  });
  return kept;
}

const patterns = new WeakMap<readonly string[], RegExp | null>();

/** One regular expression matching any of `secrets`, longest first; `null` when there are none. */
function patternOf(secrets: readonly string[]): RegExp | null {
  let pattern = patterns.get(secrets);
  if (pattern !== undefined) return pattern;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    forms.add(secret);
    // Inside JSON text a secret with quotes, backslashes or control characters appears escaped.
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  pattern =
    sorted.length === 0
      ? null
      : new RegExp(
          sorted.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
          'g',
        );
  patterns.set(secrets, pattern);
  return pattern;
}

/** `text` with every occurrence of every secret replaced by `[REDACTED]`. */
export function redactText(text: string, secrets: readonly string[]): string {
  const pattern = patternOf(secrets);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

/**
 * A copy of `value` safe to log or show: values under sensitive keys (see {@link isSensitiveKey})
 * become `[REDACTED]` at any depth, and every occurrence of a secret inside a string, an error's
 * message or its stack is replaced by `[REDACTED]`. Errors stay errors (same prototype), so
 * loggers still serialize them as errors; cycles become `[Circular]`.
 *
 * @example
 * ```ts
 * redactSecrets({ headers: { Authorization: 'Bearer abc' }, note: `key=${key}` }, [key]);
 * // { headers: { Authorization: '[REDACTED]' }, note: 'key=[REDACTED]' }
 * ```
 */
export function redactSecrets<T>(value: T, secrets: readonly string[] = []): T {
  return redact(value, secrets, new WeakSet(), 0) as T;
}

function redact(
  value: unknown,
  secrets: readonly string[],
  seen: WeakSet<object>,
  depth: number,
): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, secrets, seen, depth + 1));
    if (value instanceof Error) return redactError(value, secrets, seen, depth);
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') {
      return redact(withJson.toJSON(), secrets, seen, depth + 1);
    }
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = isSensitiveKey(key) ? REDACTED : redact(item, secrets, seen, depth + 1);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

function redactError(
  error: Error,
  secrets: readonly string[],
  seen: WeakSet<object>,
  depth: number,
): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Reflect.ownKeys(error)) {
    const { enumerable } = Object.getOwnPropertyDescriptor(error, key)!;
    // Read through getters too (some engines expose `stack` as one), and store plain data.
    const item = (error as unknown as Record<PropertyKey, unknown>)[key];
    const value =
      typeof key === 'string' && isSensitiveKey(key)
        ? REDACTED
        : redact(item, secrets, seen, depth + 1);
    Object.defineProperty(copy, key, { value, enumerable, writable: true, configurable: true });
  }
  return copy;
}
