import type { AgenticEvent, EventMetadata } from '@agenticflow/core';

/**
 * An `events` row as the read queries select it: numbers, JSON and times as text, so neither the
 * type parsers of a user's pool nor a session's time zone change what the store returns.
 */
export interface EventRow {
  readonly position: string;
  readonly id: string;
  readonly stream_id?: string;
  readonly version: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly time: string;
}

/** ISO-8601 UTC text, millisecond precision, of a timestamptz expression, computed in SQL. */
export function isoTimeSql(expression: string): string {
  return `to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The columns every event read selects, in {@link EventRow} form, of table alias `e`. */
export const EVENT_COLUMNS = `e.position::text as position, e.id::text as id, e.version, e.type, e.data::text as data, e.metadata::text as metadata, ${isoTimeSql('e.time')} as time`;

/** Builds the envelope of a stored event. */
export function rowToEvent(row: EventRow, streamId: string): AgenticEvent {
  return {
    id: row.id,
    type: row.type,
    streamId,
    version: Number(row.version),
    position: BigInt(row.position),
    time: row.time,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata) as EventMetadata,
  };
}
