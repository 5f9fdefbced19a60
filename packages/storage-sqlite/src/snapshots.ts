import {
  assertStreamId,
  checkJson,
  isoTime,
  jsonByteLength,
  PayloadTooLargeError,
  type SaveSnapshotInput,
  type Snapshot,
  StreamDeletedError,
  ValidationError,
  type ValidationIssue,
  validateSnapshotInput,
} from '@agenticflow/core';
import { classifySqliteError } from './classify-sqlite-error.js';
import { errorContext, type StoreContext } from './store-context.js';
import { readStreamHead } from './stream-head.js';
import { withImmediateTransaction } from './with-immediate-transaction.js';

/**
 * Replaces a stream's snapshot. The stream's version is read under the write lock, so a snapshot
 * can never claim a version the stream has not reached, nor revive a deleted stream.
 */
export async function saveSnapshot(
  context: StoreContext,
  streamId: string,
  snapshot: SaveSnapshotInput,
): Promise<void> {
  validateSnapshotInput(streamId, snapshot);
  const issues: ValidationIssue[] = [];
  const state = checkJson(snapshot.state, ['state'], issues, false);
  if (issues.length > 0) throw new ValidationError(`invalid snapshot for ${streamId}`, issues);
  const text = JSON.stringify(state.value);
  if (state.maxBytes > context.maxSnapshotBytes) {
    const bytes = jsonByteLength(state.value);
    if (bytes > context.maxSnapshotBytes)
      throw new PayloadTooLargeError(
        'snapshot',
        bytes,
        context.maxSnapshotBytes,
        `for stream ${streamId}`,
      );
  }
  try {
    await withImmediateTransaction(context.db, context.busyTimeoutMs, async (db) => {
      const head = await readStreamHead(db, streamId);
      if (head.deleted) throw new StreamDeletedError(streamId);
      const version = head.version;
      if (snapshot.version > version) {
        throw new ValidationError(`invalid snapshot for ${streamId}`, [
          {
            path: ['version'],
            message: `${snapshot.version} is beyond the stream's version ${version}: snapshot only stored events`,
          },
        ]);
      }
      const row = {
        version: snapshot.version,
        state: text,
        schema_version: snapshot.schemaVersion ?? 1,
        time: isoTime(context.clock),
      };
      await db
        .insertInto('agenticflow_snapshots')
        .values({ stream_id: streamId, ...row })
        .onConflict((conflict) => conflict.column('stream_id').doUpdateSet(row))
        .execute();
    });
  } catch (error) {
    throw classifySqliteError(error, errorContext(context, `saving a snapshot of ${streamId}`));
  }
}

/** The latest snapshot of a stream, or `null`. */
export async function loadSnapshot(
  context: StoreContext,
  streamId: string,
): Promise<Snapshot | null> {
  assertStreamId(streamId);
  try {
    const row = await context.db
      .selectFrom('agenticflow_snapshots')
      .select(['version', 'state', 'schema_version', 'time'])
      .where('stream_id', '=', streamId)
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      streamId,
      version: Number(row.version),
      state: JSON.parse(row.state),
      schemaVersion: Number(row.schema_version),
      time: row.time,
    };
  } catch (error) {
    throw classifySqliteError(error, errorContext(context, `loading the snapshot of ${streamId}`));
  }
}
