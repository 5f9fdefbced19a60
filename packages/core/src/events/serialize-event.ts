import { parseWithSchema } from '../errors/from-zod.js';
import type { JsonValue } from '../util/json.js';
import type { AgenticEvent, EventMetadata } from './envelope.js';
import { serializedEventSchema } from './event-schemas.js';

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
 * Parses the JSON form of an event back into an {@link AgenticEvent}. Throws `VALIDATION_FAILED`
 * listing every problem when `value` is not a well-formed serialized event.
 */
export function deserializeEvent(value: unknown): AgenticEvent {
  const parsed = parseWithSchema(serializedEventSchema, value, 'serialized event');
  return {
    ...parsed,
    position: BigInt(parsed.position),
    metadata: parsed.metadata as EventMetadata,
  };
}
