import type { JsonValue } from '../util/json.js';

/**
 * Context carried by every event. The named fields have fixed meanings; any other key may hold a
 * JSON value of the application's choosing.
 */
export interface EventMetadata {
  /** Groups every event caused, directly or not, by one request or run. */
  readonly correlationId?: string;
  /** Id of the event or message that directly caused this one. */
  readonly causationId?: string;
  /** Who did it: a user, an agent id, a worker id. */
  readonly actor?: string;
  /** The tenant the event belongs to. */
  readonly tenantId?: string;
  /** W3C trace context, so one trace spans every process that handles the run. */
  readonly traceparent?: string;
  /** Version of the `data` schema, for upcasting old events. */
  readonly schemaVersion?: number;
  readonly [key: string]: JsonValue | undefined;
}

/**
 * A stored event: the unit of truth in AgenticFlow. Everything that happens to a run, agent or tool
 * is one of these, appended to a stream and never changed afterwards.
 *
 * @typeParam Type - the event type, dotted lower case (`'step.completed'`)
 * @typeParam Data - the shape of `data`; narrow it with an {@link EventDefinition}
 */
export interface AgenticEvent<Type extends string = string, Data = unknown> {
  /** UUIDv7 of the event; appending an id that is already stored is a no-op. */
  readonly id: string;
  /** Dotted lower-case type, such as `run.started`. */
  readonly type: Type;
  /** The stream the event belongs to, such as `run-<id>` or `agent-<id>`. */
  readonly streamId: string;
  /** 1-based position within its stream, assigned by the store. */
  readonly version: number;
  /** Global order across all streams, assigned by the store. */
  readonly position: bigint;
  /** When the store recorded the event, ISO-8601 UTC. */
  readonly time: string;
  /** The payload: JSON only. */
  readonly data: Data;
  /** Correlation, causation, actor, tenant and trace context. */
  readonly metadata: EventMetadata;
}

/**
 * An event to append. The store assigns `streamId`, `version`, `position` and `time`. Give an `id`
 * when the append may be retried, so the retry is recognised as the same event.
 */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** UUID of the event; generated (UUIDv7) when omitted. */
  readonly id?: string;
  /** Dotted lower-case type, such as `run.started`. */
  readonly type: Type;
  /** The payload: plain JSON. */
  readonly data: Data;
  /** Optional context; see {@link EventMetadata}. */
  readonly metadata?: EventMetadata;
}

/** Dotted lower case: segments of `a-z`, `0-9`, `_` and `-`, the first starting with a letter. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$/;
/** Longest accepted event type. */
export const MAX_EVENT_TYPE_LENGTH = 200;
/** Longest accepted stream id. */
export const MAX_STREAM_ID_LENGTH = 256;
