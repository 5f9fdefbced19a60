import {
  type AgenticEvent,
  type ReadStreamOptions,
  validateReadStreamOptions,
} from '@agenticflow/core';
import { classifySqliteError } from './classify-sqlite-error.js';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from './row-to-event.js';
import { errorContext, PAGE_SIZE, type StoreContext } from './store-context.js';

/**
 * Reads one stream in version order, a page at a time, releasing the connection between pages so
 * a slow consumer never blocks appends. A deleted stream has no rows, so it yields nothing.
 */
export async function* readStream(
  context: StoreContext,
  streamId: string,
  options: ReadStreamOptions = {},
): AsyncIterable<AgenticEvent> {
  validateReadStreamOptions(streamId, options);
  const backwards = options.direction === 'backwards';
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let cursor = options.fromVersion ?? (backwards ? undefined : 1);
  while (remaining > 0) {
    const pageSize = Math.min(PAGE_SIZE, remaining);
    const rows = await readPage(context, streamId, backwards, cursor, pageSize);
    for (const row of rows) yield rowToEvent(row);
    if (rows.length < pageSize) return;
    remaining -= rows.length;
    const last = Number(rows[rows.length - 1]!.version);
    cursor = backwards ? last - 1 : last + 1;
    if (cursor < 1) return;
  }
}

async function readPage(
  context: StoreContext,
  streamId: string,
  backwards: boolean,
  cursor: number | undefined,
  limit: number,
): Promise<EventRow[]> {
  let query = context.db
    .selectFrom('agenticflow_events')
    .select(EVENT_COLUMNS)
    .where('stream_id', '=', streamId);
  if (cursor !== undefined) query = query.where('version', backwards ? '<=' : '>=', cursor);
  try {
    return await query
      .orderBy('version', backwards ? 'desc' : 'asc')
      .limit(limit)
      .execute();
  } catch (error) {
    throw classifySqliteError(error, errorContext(context, `reading stream ${streamId}`));
  }
}
