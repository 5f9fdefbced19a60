import { assertStreamId, isoTime } from '@agenticflow/core';
import { classifySqliteError } from './classify-sqlite-error.js';
import { errorContext, type StoreContext } from './store-context.js';
import { readStreamHead } from './stream-head.js';
import { withImmediateTransaction } from './with-immediate-transaction.js';

/**
 * Deletes a stream's events and snapshot in one transaction and leaves a tombstone, so its id
 * stays reserved while its event ids may be used again.
 */
export async function deleteStream(context: StoreContext, streamId: string): Promise<boolean> {
  assertStreamId(streamId);
  try {
    return await withImmediateTransaction(context.db, context.busyTimeoutMs, async (db) => {
      const head = await readStreamHead(db, streamId);
      if (head.deleted || head.version === 0) return false;
      await db.deleteFrom('agenticflow_events').where('stream_id', '=', streamId).execute();
      await db.deleteFrom('agenticflow_snapshots').where('stream_id', '=', streamId).execute();
      await db
        .insertInto('agenticflow_deleted_streams')
        .values({ stream_id: streamId, time: isoTime(context.clock) })
        .execute();
      return true;
    });
  } catch (error) {
    throw classifySqliteError(error, errorContext(context, `deleting stream ${streamId}`));
  }
}
