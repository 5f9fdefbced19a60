import type { JsonValue } from '@agenticflow/core';

/**
 * A JSON value safe to put in an event: `value` itself when it is portable JSON of at most
 * `maxBytes`, else a preview `{ $truncated: true, bytes, preview }`. Characters no store can hold
 * (`\u0000`, lone surrogates) are replaced (by `␀` and `�`) and a `__proto__` key is renamed, so
 * recording never fails on what a model sent.
 */
export function toRecordable(value: unknown, maxBytes: number): JsonValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return { $unrecordable: error instanceof Error ? error.message : String(error) };
  }
  if (text === undefined) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    return {
      $truncated: true,
      bytes,
      preview: sanitizeString(text.slice(0, Math.max(0, Math.floor(maxBytes / 4)))),
    };
  }
  return sanitize(JSON.parse(text) as JsonValue);
}

function sanitize(value: JsonValue): JsonValue {
  if (typeof value === 'string') return sanitizeString(value);
  if (Array.isArray(value)) return value.map(sanitize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, child] of Object.entries(value)) {
      const safeKey = key === '__proto__' ? '__proto__ (key)' : sanitizeString(key);
      out[safeKey] = sanitize(child);
    }
    return out;
  }
  return value;
}

interface WellFormed {
  toWellFormed(): string;
}

function sanitizeString(text: string): string {
  return (text.replaceAll('\u0000', '␀') as unknown as WellFormed).toWellFormed();
}
