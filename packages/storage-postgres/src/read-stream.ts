import {
  type AgenticEvent,
  type ReadStreamOptions,
  validateReadStreamOptions,
} from '@agenticflow/core';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from './row-to-event.js';
import type { StoreContext } from './store-context.js';
import { TOMBSTONE_TYPE } from './tombstone.js';

/** The largest version the `integer` column holds. */
export const MAX_VERSION = 2_147_483_647;

/**
 * `EventStore.readStream`: pages of `readPageSize` rows by the (stream_id, version) index, so a
 * long stream is never held in memory at once. Appends to one stream commit in version order
 * (they hold the stream's lock until commit), so a stream read never sees a gap.
 */
export async function* readStream(
  ctx: StoreContext,
  streamId: string,
  options: ReadStreamOptions | undefined,
): AsyncGenerator<AgenticEvent> {
  validateReadStreamOptions(streamId, options);
  const backwards = options?.direction === 'backwards';
  let remaining = options?.limit ?? Number.POSITIVE_INFINITY;
  // Versions are 32-bit in the table: no stream reaches beyond MAX_VERSION.
  let next = Math.min(options?.fromVersion ?? (backwards ? MAX_VERSION : 1), MAX_VERSION + 1);
  if (next > MAX_VERSION && !backwards) return;
  next = Math.min(next, MAX_VERSION);
  const text = backwards
    ? ctx.statement(
        'readStream backwards',
        () =>
          `select ${EVENT_COLUMNS} from ${ctx.s}.events e where e.stream_id = $1 and e.version <= $2 and e.type <> '${TOMBSTONE_TYPE}' order by e.version desc limit $3`,
      )
    : ctx.statement(
        'readStream',
        () =>
          `select ${EVENT_COLUMNS} from ${ctx.s}.events e where e.stream_id = $1 and e.version >= $2 and e.type <> '${TOMBSTONE_TYPE}' order by e.version limit $3`,
      );
  while (remaining > 0) {
    const pageSize = Math.min(ctx.options.readPageSize, remaining);
    const rows = await ctx.query<EventRow>(`readStream ${streamId}`, text, [
      streamId,
      next,
      pageSize,
    ]);
    for (const row of rows) yield rowToEvent(row, streamId);
    if (rows.length < pageSize) return;
    remaining -= rows.length;
    next = Number(rows[rows.length - 1]!.version) + (backwards ? -1 : 1);
  }
}
