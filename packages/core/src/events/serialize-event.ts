import { ValidationError, type ValidationIssue } from '../errors/core-errors.js';
import { describe } from '../util/describe.js';
import { checkJson, type JsonValue } from '../util/json.js';
import { isUuid } from '../util/uuid.js';
import type { AgenticEvent, EventMetadata } from './envelope.js';
import { checkEventType, checkMetadata, checkStreamId } from './prepare-events.js';

/** An {@link AgenticEvent} as JSON: `position` is a decimal string. */
export interface SerializedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: string;
  readonly time: string;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
}

const POSITION = /^[1-9][0-9]*$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Converts a stored event to its JSON form, for a bus message or an API response. */
export function serializeEvent(event: AgenticEvent): SerializedEvent {
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    version: event.version,
    position: event.position.toString(),
    time: event.time,
    data: event.data as JsonValue,
    metadata: event.metadata,
  };
}

/**
 * Parses the JSON form of an event back into an {@link AgenticEvent}, with the same rules the
 * stores apply on append. Throws `VALIDATION_FAILED` listing every problem when `value` is not a
 * well-formed serialized event.
 */
export function deserializeEvent(value: unknown): AgenticEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('invalid serialized event', [
      { path: [], message: `must be an object, got ${describe(value)}` },
    ]);
  }
  const input = value as Record<keyof SerializedEvent, unknown>;
  const issues: ValidationIssue[] = [];
  if (!isUuid(input.id))
    issues.push({ path: ['id'], message: `must be a UUID, got ${describe(input.id)}` });
  checkEventType(input.type, ['type'], issues);
  checkStreamId(input.streamId, issues);
  if (!(Number.isSafeInteger(input.version) && (input.version as number) >= 1)) {
    issues.push({
      path: ['version'],
      message: `must be an integer >= 1, got ${describe(input.version)}`,
    });
  }
  if (typeof input.position !== 'string' || !POSITION.test(input.position)) {
    issues.push({
      path: ['position'],
      message: `must be a positive integer as a decimal string, got ${describe(input.position)}`,
    });
  }
  if (
    typeof input.time !== 'string' ||
    !ISO_UTC.test(input.time) ||
    Number.isNaN(Date.parse(input.time))
  ) {
    issues.push({
      path: ['time'],
      message: `must be an ISO-8601 UTC time, got ${describe(input.time)}`,
    });
  }
  if (!('data' in input)) issues.push({ path: ['data'], message: 'is missing' });
  const data = checkJson(input.data, ['data'], issues, false);
  if (input.metadata === undefined)
    issues.push({ path: ['metadata'], message: 'is missing: use {} for none' });
  const metadata = checkMetadata(input.metadata, ['metadata'], issues, false);
  if (issues.length > 0) throw new ValidationError('invalid serialized event', issues);
  return {
    id: (input.id as string).toLowerCase(),
    type: input.type as string,
    streamId: input.streamId as string,
    version: input.version as number,
    position: BigInt(input.position as string),
    time: input.time as string,
    data: data.value,
    metadata: metadata.value,
  };
}
