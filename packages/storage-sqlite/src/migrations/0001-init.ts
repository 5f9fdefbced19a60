import { type Kysely, sql } from 'kysely';

/**
 * The first schema. `position` is `AUTOINCREMENT` so that a deleted stream's positions are never
 * handed out again: a subscriber that passed them would otherwise skip new events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agenticflow_events')
    .addColumn('position', 'integer', (column) => column.primaryKey().autoIncrement())
    .addColumn('id', 'text', (column) => column.notNull().unique())
    .addColumn('stream_id', 'text', (column) => column.notNull())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('data', 'text', (column) => column.notNull())
    .addColumn('metadata', 'text', (column) => column.notNull())
    .addColumn('time', 'text', (column) => column.notNull())
    .addUniqueConstraint('agenticflow_events_stream_version', ['stream_id', 'version'])
    .execute();

  await db.schema
    .createTable('agenticflow_deleted_streams')
    .addColumn('stream_id', 'text', (column) => column.primaryKey())
    .addColumn('time', 'text', (column) => column.notNull())
    .modifyEnd(sql`without rowid`)
    .execute();

  await db.schema
    .createTable('agenticflow_consumers')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('time', 'text', (column) => column.notNull())
    .modifyEnd(sql`without rowid`)
    .execute();

  await db.schema
    .createTable('agenticflow_snapshots')
    .addColumn('stream_id', 'text', (column) => column.primaryKey())
    .addColumn('version', 'integer', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('schema_version', 'integer', (column) => column.notNull())
    .addColumn('time', 'text', (column) => column.notNull())
    .modifyEnd(sql`without rowid`)
    .execute();
}
