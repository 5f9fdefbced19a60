import { type BusMessage, type PreparedMessage, ValidationError } from '@agenticflow/core';

/** One stream entry as the bus reads it. The body stays JSON text until delivery. */
export interface StreamEntry {
  /** The stream key the entry is in. */
  readonly stream: string;
  /** The Redis entry id, `<ms>-<seq>`. */
  readonly entryId: string;
  readonly topic: string;
  /** `[id, payload]`, or `[id, payload, headers]`, as JSON. */
  readonly body: string;
}

/**
 * The one field of a message's stream entry: `m`, holding the topic, a line break (topics cannot
 * contain one), and the JSON array `[id, payload]` (plus `headers` when there are some). Readers
 * test the topic against their pattern without parsing anything, and one field keeps XADD,
 * XREADGROUP and the server's work as small as a raw client's. The publish time is not stored: it
 * is the millisecond part of the entry id, from the Redis server's clock.
 */
export function encodeFields(
  message: PreparedMessage,
  into: (string | number)[] = [],
): (string | number)[] {
  let hasHeaders = false;
  for (const _ in message.headers) {
    hasHeaders = true;
    break;
  }
  const body = hasHeaders
    ? [message.id, message.payload, message.headers]
    : [message.id, message.payload];
  into.push('m', `${message.topic}\n${JSON.stringify(body)}`);
  return into;
}

/**
 * Reads an entry's field back. Returns undefined for an entry this bus did not write (another
 * program's entry on the stream, or a trimmed entry Redis reports with no fields).
 */
export function decodeEntry(
  stream: string,
  entryId: string,
  fields: readonly string[] | null,
): StreamEntry | undefined {
  if (fields?.length !== 2 || fields[0] !== 'm') return undefined;
  const value = fields[1]!;
  const newline = value.indexOf('\n');
  if (newline <= 0) return undefined;
  // Runs of one topic are common: reuse its string instead of slicing a new one each time.
  if (newline !== lastTopic.length || !value.startsWith(lastTopic))
    lastTopic = value.slice(0, newline);
  return { stream, entryId, topic: lastTopic, body: value.slice(newline + 1) };
}

let lastTopic = '';

// Consecutive entries mostly share their millisecond: format each millisecond once.
let lastMs = '';
let lastIso = '';

/**
 * The message handed to a handler, with a payload object of its own. Throws `VALIDATION_FAILED`
 * when the body is not what {@link encodeFields} writes.
 */
export function toBusMessage(entry: StreamEntry, deliveryAttempt: number): BusMessage {
  const body = parseBody(entry);
  const dash = entry.entryId.indexOf('-');
  const ms = dash === -1 ? entry.entryId : entry.entryId.slice(0, dash);
  if (ms !== lastMs) {
    lastIso = new Date(Number(ms)).toISOString();
    lastMs = ms;
  }
  return {
    id: body[0] as string,
    topic: entry.topic,
    payload: body[1]!,
    headers: body.length === 3 ? Object.freeze(body[2] as Record<string, string>) : NO_HEADERS,
    publishedAt: lastIso,
    deliveryAttempt,
  };
}

/** The message id of an entry, for reports; the entry id when the body cannot be read. */
export function messageIdOf(entry: StreamEntry): string {
  try {
    return parseBody(entry)[0] as string;
  } catch {
    return `(entry ${entry.entryId})`;
  }
}

/** The millisecond timestamp of a Redis stream entry id. */
export function entryTime(entryId: string): number {
  const dash = entryId.indexOf('-');
  return Number(dash === -1 ? entryId : entryId.slice(0, dash));
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** The parsed body: `[id, payload]` or `[id, payload, headers]`. */
function parseBody(entry: StreamEntry): BusMessage['payload'][] {
  let body: unknown;
  try {
    body = JSON.parse(entry.body);
  } catch {
    body = undefined;
  }
  if (
    Array.isArray(body) &&
    (body.length === 2 || body.length === 3) &&
    typeof body[0] === 'string' &&
    (body.length === 2 || (typeof body[2] === 'object' && body[2] !== null))
  ) {
    return body;
  }
  throw new ValidationError(`entry ${entry.entryId} on ${entry.stream} has an unreadable body`, [
    { path: ['m'], message: 'must be the JSON array [id, payload] or [id, payload, headers]' },
  ]);
}
