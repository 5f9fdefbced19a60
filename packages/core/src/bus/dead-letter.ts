import {
  deserializeError,
  type SerializedError,
  serializeError,
} from '../errors/agenticflow-error.js';
import { ValidationError } from '../errors/core-errors.js';
import type { JsonValue } from '../util/json.js';
import type { BusMessage, DeadLetterPayload } from './event-bus.js';

/** Builds the payload of a dead letter for `message`, whose last delivery failed with `error`. */
export function createDeadLetterPayload(
  message: BusMessage,
  group: string | undefined,
  error: unknown,
): DeadLetterPayload {
  return {
    originalTopic: message.topic,
    messageId: message.id,
    payload: message.payload,
    headers: { ...message.headers },
    publishedAt: message.publishedAt,
    deliveryAttempts: message.deliveryAttempt,
    group: group ?? null,
    error: toJsonSafe(serializeError(error)),
  };
}

/** Reads a dead-letter payload back, with its error as an `AgenticFlowError`. */
export function readDeadLetter(payload: JsonValue) {
  const value = payload as DeadLetterPayload | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.originalTopic !== 'string' ||
    typeof value.error !== 'object'
  ) {
    throw new ValidationError('not a dead-letter payload', [
      { path: [], message: 'expected { originalTopic, messageId, payload, error, ... }' },
    ]);
  }
  return { ...value, error: deserializeError(value.error) };
}

function toJsonSafe(error: SerializedError): DeadLetterPayload['error'] {
  const text = JSON.stringify(error, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  return JSON.parse(text) as DeadLetterPayload['error'];
}
