import type { Generated } from 'kysely';

/** One stored event. `data` and `metadata` hold JSON text. */
export interface EventsTable {
  /** The global position: an `INTEGER PRIMARY KEY AUTOINCREMENT`, so never reused. */
  readonly position: Generated<number | bigint>;
  readonly id: string;
  readonly stream_id: string;
  readonly version: number | bigint;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly time: string;
}

/** Tombstones of deleted streams, whose ids stay reserved. */
export interface DeletedStreamsTable {
  readonly stream_id: string;
  readonly time: string;
}

/** Stored positions of named consumers. */
export interface ConsumersTable {
  readonly name: string;
  readonly position: number | bigint;
  readonly time: string;
}

/** The latest snapshot of each stream. `state` holds JSON text. */
export interface SnapshotsTable {
  readonly stream_id: string;
  readonly version: number | bigint;
  readonly state: string;
  readonly schema_version: number | bigint;
  readonly time: string;
}

/** Tables of the store, as kysely sees them. */
export interface StoreSchema {
  agenticflow_events: EventsTable;
  agenticflow_deleted_streams: DeletedStreamsTable;
  agenticflow_consumers: ConsumersTable;
  agenticflow_snapshots: SnapshotsTable;
}

/** Tables where kysely's Migrator records applied migrations and its lock. */
export const MIGRATION_TABLE = 'agenticflow_migrations';
export const MIGRATION_LOCK_TABLE = 'agenticflow_migrations_lock';
