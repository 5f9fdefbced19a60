import {
  PayloadTooLargeError,
  ValidationError,
  type ValidationIssue,
} from '../errors/core-errors.js';
import { describe } from '../util/describe.js';
import { checkJson, type JsonValue, jsonByteLength } from '../util/json.js';
import type { IdGenerator } from '../util/uuid.js';
import type { OutgoingMessage } from './event-bus.js';
import { assertTopic } from './topics.js';

/** A message that passed validation, ready for a bus to send. */
export interface PreparedMessage {
  readonly id: string;
  readonly topic: string;
  readonly payload: JsonValue;
  readonly headers: Readonly<Record<string, string>>;
}

/** Options of {@link prepareMessage}. */
export interface PrepareMessageOptions {
  readonly maxMessageBytes: number;
  readonly newId: IdGenerator;
  /** Return a deep-frozen copy of the payload instead of the caller's object. */
  readonly copy: boolean;
}

const MAX_ID_LENGTH = 200;
const EMPTY_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Validates a publish the same way on every bus: the topic, a JSON payload, string headers, the id,
 * and the size limit. Throws `VALIDATION_FAILED` listing the issues or `PAYLOAD_TOO_LARGE`, before
 * anything is sent.
 */
export function prepareMessage(
  topic: unknown,
  message: OutgoingMessage,
  options: PrepareMessageOptions,
): PreparedMessage {
  assertTopic(topic);
  const issues: ValidationIssue[] = [];
  if (typeof message !== 'object' || message === null) {
    throw new ValidationError(`invalid message for topic ${topic}`, [
      { path: [], message: `must be an object such as { payload }, got ${describe(message)}` },
    ]);
  }
  const id = message.id === undefined ? options.newId() : message.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    issues.push({
      path: ['id'],
      message: `must be a string of 1 to ${MAX_ID_LENGTH} characters, got ${describe(id)}`,
    });
  }
  if (!('payload' in message))
    issues.push({ path: ['payload'], message: 'is missing: use null for no payload' });
  const payload = checkJson(message.payload, ['payload'], issues, options.copy);
  const headers = checkHeaders(message.headers, issues);
  if (issues.length > 0) throw new ValidationError(`invalid message for topic ${topic}`, issues);
  let bytes = payload.maxBytes + headers.maxBytes;
  if (bytes > options.maxMessageBytes) {
    bytes = jsonByteLength(payload.value) + jsonByteLength(headers.value);
    if (bytes > options.maxMessageBytes) {
      throw new PayloadTooLargeError(
        'message',
        bytes,
        options.maxMessageBytes,
        `for topic ${topic}`,
      );
    }
  }
  return { id: id as string, topic, payload: payload.value, headers: headers.value };
}

function checkHeaders(
  headers: unknown,
  issues: ValidationIssue[],
): { value: Readonly<Record<string, string>>; maxBytes: number } {
  if (headers === undefined) return { value: EMPTY_HEADERS, maxBytes: 2 };
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    issues.push({
      path: ['headers'],
      message: `must be an object of strings, got ${describe(headers)}`,
    });
    return { value: EMPTY_HEADERS, maxBytes: 2 };
  }
  let maxBytes = 2;
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      issues.push({ path: ['headers', key], message: `must be a string, got ${describe(value)}` });
      continue;
    }
    if (key === '__proto__') {
      issues.push({
        path: ['headers', key],
        message: 'the header name "__proto__" is not allowed: rename it',
      });
      continue;
    }
    if (!/^[A-Za-z0-9_\-.]+$/.test(key)) {
      issues.push({
        path: ['headers', key],
        message: 'header names may hold letters, digits, "_", "-" and "." only',
      });
      continue;
    }
    copy[key] = value;
    maxBytes += key.length + value.length * 6 + 6;
  }
  return { value: Object.freeze(copy), maxBytes };
}
