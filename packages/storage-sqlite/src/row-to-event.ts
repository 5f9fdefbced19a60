import type { AgenticEvent, EventMetadata } from '@agenticflow/core';
import type { Selectable } from 'kysely';
import type { EventsTable } from './schema.js';

/** The columns every read selects. */
export const EVENT_COLUMNS = [
  'position',
  'id',
  'stream_id',
  'version',
  'type',
  'data',
  'metadata',
  'time',
] as const;

// Most events carry no metadata: share one frozen empty object rather than parse '{}' each time.
const EMPTY_METADATA: EventMetadata = Object.freeze({});

export type EventRow = Pick<Selectable<EventsTable>, (typeof EVENT_COLUMNS)[number]>;

/** An events row as an {@link AgenticEvent}. Integers may arrive as numbers or BigInts. */
export function rowToEvent(row: EventRow): AgenticEvent {
  return {
    id: row.id,
    type: row.type,
    streamId: row.stream_id,
    version: Number(row.version),
    position: BigInt(row.position),
    time: row.time,
    data: JSON.parse(row.data),
    metadata: row.metadata === '{}' ? EMPTY_METADATA : (JSON.parse(row.metadata) as EventMetadata),
  };
}
