import { type AgenticEvent, type ReadAllOptions, validateReadAllOptions } from '@agenticflow/core';
import { sql } from 'kysely';
import { classifySqliteError } from './classify-sqlite-error.js';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from './row-to-event.js';
import { errorContext, PAGE_SIZE, type StoreContext } from './store-context.js';

/**
 * Reads every stream in position order, a page at a time.
 *
 * Safe without a visibility horizon: SQLite has one writer at a time per file, and an append takes
 * the write lock (`BEGIN IMMEDIATE`) before it draws positions, so positions are handed out in
 * commit order and a reader can never see position `n + 1` while `n` is still to commit. A rolled
 * back append gives its positions back before anyone saw them.
 */
export async function* readAll(
  context: StoreContext,
  options: ReadAllOptions = {},
): AsyncIterable<AgenticEvent> {
  validateReadAllOptions(options);
  if (options.types !== undefined && options.types.length === 0) return;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let from = options.fromPosition ?? 1n;
  while (remaining > 0) {
    const pageSize = Math.min(PAGE_SIZE, remaining);
    const rows = await readPage(context, options, from, pageSize);
    for (const row of rows) yield rowToEvent(row);
    if (rows.length < pageSize) return;
    remaining -= rows.length;
    from = BigInt(rows[rows.length - 1]!.position) + 1n;
  }
}

async function readPage(
  context: StoreContext,
  options: ReadAllOptions,
  from: bigint,
  limit: number,
): Promise<EventRow[]> {
  let query = context.db
    .selectFrom('agenticflow_events')
    .select(EVENT_COLUMNS)
    .where('position', '>=', from);
  if (options.types !== undefined) query = query.where('type', 'in', [...new Set(options.types)]);
  const prefix = options.streamPrefix;
  // substr() compares literally, where LIKE would treat % and _ in the prefix as wildcards.
  if (prefix !== undefined && prefix !== '')
    query = query.where(sql<boolean>`substr(stream_id, 1, length(${prefix})) = ${prefix}`);
  try {
    return await query.orderBy('position').limit(limit).execute();
  } catch (error) {
    throw classifySqliteError(error, errorContext(context, 'reading all streams'));
  }
}
