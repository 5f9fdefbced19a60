import {
  checkJson,
  describeValue,
  EVENT_TYPE_PATTERN,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';
import { checkAgentId } from '../agent-id.js';
import type { OutgoingAgentMessage } from './agent-messenger.js';

// A correlation id becomes part of a stream id; keep it to the characters of ids and tokens.
const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9_:.-]{0,199}$/;

/** Pushes an issue unless `value` is a dotted lower-case message type. */
export function checkMessageType(
  value: unknown,
  path: ReadonlyArray<string | number>,
  issues: ValidationIssue[],
): void {
  if (typeof value === 'string' && value.length <= 150 && EVENT_TYPE_PATTERN.test(value)) return;
  issues.push({
    path,
    message: `${describeValue(value)} is not a message type: use dotted lower case of at most 150 characters, such as "task.translate"`,
  });
}

/**
 * Throws `VALIDATION_FAILED`, listing every problem, unless `message` can be sent: agent ids in
 * `from` and `to`, a dotted lower-case `type`, a JSON `body` and a well-formed `correlationId`.
 */
export function assertOutgoingMessage(message: unknown, operation: string): void {
  const issues: ValidationIssue[] = [];
  if (typeof message !== 'object' || message === null) {
    throw new ValidationError(`invalid message for ${operation}`, [
      {
        path: [],
        message: `must be an object { type, from, to, body }, got ${describeValue(message)}`,
      },
    ]);
  }
  const candidate = message as Partial<OutgoingAgentMessage>;
  checkMessageType(candidate.type, ['type'], issues);
  checkAgentId(candidate.from, ['from'], issues);
  checkAgentId(candidate.to, ['to'], issues);
  if (!('body' in candidate) || candidate.body === undefined) {
    issues.push({ path: ['body'], message: 'is missing: give a JSON value (null for none)' });
  } else {
    checkJson(candidate.body, ['body'], issues, false);
  }
  if (
    candidate.correlationId !== undefined &&
    !(typeof candidate.correlationId === 'string' && CORRELATION_ID.test(candidate.correlationId))
  ) {
    issues.push({
      path: ['correlationId'],
      message: `${describeValue(candidate.correlationId)} is not a correlation id: use 1 to 200 letters, digits, "_", "-", ":" or ".", such as a UUID`,
    });
  }
  if (issues.length > 0) throw new ValidationError(`invalid message for ${operation}`, issues);
}

/** Throws `VALIDATION_FAILED` unless `value` is a positive whole number of milliseconds. */
export function assertTimeoutMs(value: unknown, name: string): void {
  if (value === undefined) return;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return;
  throw new ValidationError(`invalid ${name}`, [
    {
      path: [name],
      message: `${describeValue(value)} must be a whole number of milliseconds above 0, such as 5000`,
    },
  ]);
}

/** Pushes issues unless `options` holds an `AgentMessenger` and an `EventStore` (the patterns' needs). */
export function checkMessengerAndStore(
  options: { readonly messenger?: unknown; readonly store?: unknown } | undefined,
  issues: ValidationIssue[],
): void {
  const messenger = options?.messenger as { request?: unknown } | undefined;
  if (typeof messenger?.request !== 'function')
    issues.push({
      path: ['messenger'],
      message: `must be an AgentMessenger, got ${describeValue(messenger)}`,
    });
  const store = options?.store as { append?: unknown } | undefined;
  if (typeof store?.append !== 'function')
    issues.push({ path: ['store'], message: `must be an EventStore, got ${describeValue(store)}` });
}
