import { assertStreamId } from '@agenticflow/core';
import { isUniqueViolation } from './classify-postgres-error.js';
import type { StoreContext } from './store-context.js';

const MAX_ATTEMPTS = 8;

/**
 * `EventStore.deleteStream`: one call of the schema's `delete_stream`, which, under the stream's
 * lock, replaces the events with a tombstone row (so the id stays reserved) and deletes the
 * snapshot. An append that committed the same next version first makes the tombstone collide
 * with it: the deletion then runs again, and deletes that event too.
 */
export async function deleteStream(ctx: StoreContext, streamId: string): Promise<boolean> {
  assertStreamId(streamId);
  const operation = `delete stream ${streamId}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const [row] = await ctx.queryRaw<{ deleted: boolean }>(
        `select ${ctx.s}.delete_stream($1) as deleted`,
        [streamId],
      );
      return row!.deleted === true;
    } catch (error) {
      if (attempt < MAX_ATTEMPTS && isUniqueViolation(error, 'events_stream_version_key')) continue;
      throw ctx.classify(error, operation);
    }
  }
}
