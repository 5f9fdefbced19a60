import { CompiledQuery, type Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';

/** Where a stream stands: its last version (0 when it has no events) and whether it was deleted. */
export interface StreamHead {
  readonly version: number;
  readonly deleted: boolean;
}

// Both lookups are index seeks: the last entry of the stream in the (stream_id, version) index,
// and the tombstone's primary key. Reading the version from the events themselves, rather than
// keeping it in a table of streams, spares every append a second row write.
const SELECT_HEAD = `select
  (select version from agenticflow_events where stream_id = ? order by version desc limit 1) as version,
  (select 1 from agenticflow_deleted_streams where stream_id = ?) as deleted`;

/** Reads a stream's head; inside a write transaction, it stays true until commit. */
export async function readStreamHead(
  db: Kysely<StoreSchema>,
  streamId: string,
): Promise<StreamHead> {
  const { rows } = await db.executeQuery<{
    version: number | bigint | null;
    deleted: number | bigint | null;
  }>(CompiledQuery.raw(SELECT_HEAD, [streamId, streamId]));
  const row = rows[0];
  return { version: Number(row?.version ?? 0), deleted: row?.deleted != null };
}
