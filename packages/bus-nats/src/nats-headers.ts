import { headers as createHeaders, type MsgHdrs } from '@nats-io/nats-core';

/** The header JetStream deduplicates on; it carries the message id. */
export const MSG_ID_HEADER = 'Nats-Msg-Id';
/** Prefix of a user header stored escaped: see {@link encodeHeaders}. */
const ESCAPED = 'Af-E-';
/** Present when the message id is stored URI-encoded. */
const ID_ESCAPED = 'Af-Id-Escaped';
const RESERVED = /^(nats-|af-)/i;

/**
 * Builds the NATS headers of a message: its id, then the user's headers. NATS trims header values,
 * forbids CR and LF in them, and gives names starting with `Nats-` a meaning; such headers are
 * stored as `Af-E-<name>` with a URI-encoded value, so every string round-trips unchanged.
 */
export function encodeHeaders(id: string, user: Readonly<Record<string, string>>): MsgHdrs {
  const result = createHeaders();
  if (needsEscape(id)) {
    result.set(MSG_ID_HEADER, escapeValue(id));
    result.set(ID_ESCAPED, '1');
  } else {
    result.set(MSG_ID_HEADER, id);
  }
  for (const name in user) {
    const value = user[name]!;
    if (RESERVED.test(name) || needsEscape(value))
      result.set(`${ESCAPED}${name}`, escapeValue(value));
    else result.set(name, value);
  }
  return result;
}

function needsEscape(value: string): boolean {
  return value !== value.trim() || /[\r\n]|[\uD800-\uDFFF]/u.test(value);
}

function escapeValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be encoded; it could not be sent as UTF-8 either.
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));
  }
}

/** Reads back what {@link encodeHeaders} wrote; headers the server or other tools add are left out. */
export function decodeHeaders(headers: MsgHdrs | undefined): {
  id: string | undefined;
  headers: Record<string, string>;
} {
  const user: Record<string, string> = {};
  if (!headers) return { id: undefined, headers: user };
  let id: string | undefined;
  for (const key of headers.keys()) {
    const value = headers.get(key);
    if (key === MSG_ID_HEADER) id = headers.has(ID_ESCAPED) ? safeDecode(value) : value;
    else if (key.startsWith(ESCAPED)) user[key.slice(ESCAPED.length)] = safeDecode(value);
    else if (!RESERVED.test(key)) user[key] = value;
  }
  return { id, headers: user };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Bytes the encoded header block takes on the wire (`NATS/1.0` line, `k: v` lines, blank line). */
export function headerBytes(headers: MsgHdrs): number {
  let bytes = 12;
  for (const key of headers.keys()) {
    bytes += Buffer.byteLength(key) + Buffer.byteLength(headers.get(key)) + 4;
  }
  return bytes;
}
