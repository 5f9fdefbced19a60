import { type AgenticEvent, type ReadAllOptions, validateReadAllOptions } from '@agenticflow/core';
import { EVENT_COLUMNS, type EventRow, rowToEvent } from './row-to-event.js';
import type { StoreContext } from './store-context.js';
import { TOMBSTONE_TYPE } from './tombstone.js';
import { waitForOlderTransactions } from './wait-for-older-transactions.js';

const MAX_POSITION = 2n ** 63n - 1n;

interface ReadAllRow extends EventRow {
  readonly stream_id: string;
  /** `pg_snapshot_xmin` of the query's own snapshot, as text. */
  readonly xmin: string;
}

/**
 * `EventStore.readAll`, safe for catch-up readers. Positions are `xid << 16 | index`, and a row is
 * only returned once every transaction with a lower id has ended: when the row's position is below
 * `xmin << 16`, where `xmin` is the oldest transaction still running in the query's own snapshot.
 * A transaction that is still running has an id at or above `xmin`, so nothing can later commit
 * below a position this returns.
 *
 * A committed row at or above that bound is not skipped: the read waits (up to
 * `settleTimeoutMs`) for the older transactions to end, then continues from the same place; if
 * they do not end in time, it stops there and a later read returns the rest.
 */
export async function* readAll(
  ctx: StoreContext,
  options: ReadAllOptions | undefined,
  signal?: AbortSignal,
): AsyncGenerator<AgenticEvent> {
  validateReadAllOptions(options);
  const types = options?.types;
  if (types !== undefined && types.length === 0) return;
  const prefix = options?.streamPrefix;
  const hasPrefix = prefix !== undefined && prefix !== '';
  const parameters: unknown[] = [null, null];
  const filters: string[] = [];
  if (types !== undefined) {
    parameters.push([...types]);
    filters.push(`and e.type = any($${parameters.length}::text[])`);
  }
  if (hasPrefix) {
    parameters.push(prefix);
    filters.push(`and starts_with(e.stream_id, $${parameters.length})`);
  }
  // A prefix read is planned for its prefix (so it can use the stream index); the others are
  // prepared once.
  const text = ctx.statement(
    `readAll${types === undefined ? '' : ' types'}${hasPrefix ? ' prefix' : ''}`,
    () =>
      `with b as materialized (select pg_snapshot_xmin(pg_current_snapshot())::text as xmin) select ${EVENT_COLUMNS}, e.stream_id, b.xmin from ${ctx.s}.events e, b where e.position >= $1 and e.type <> '${TOMBSTONE_TYPE}' ${filters.join(' ')} order by e.position limit $2`,
    !hasPrefix,
  );
  let cursor = options?.fromPosition ?? 1n;
  if (cursor > MAX_POSITION) return;
  let remaining = options?.limit ?? Number.POSITIVE_INFINITY;
  const settleDeadline = performance.now() + ctx.options.settleTimeoutMs;
  while (remaining > 0 && !signal?.aborted) {
    const pageSize = Math.min(ctx.options.readPageSize, remaining);
    parameters[0] = cursor.toString();
    parameters[1] = pageSize;
    const rows = await ctx.query<ReadAllRow>('readAll', text, parameters);
    if (rows.length === 0) return;
    const bound = BigInt(rows[0]!.xmin) << 16n;
    let unsafe: bigint | undefined;
    for (const row of rows) {
      const position = BigInt(row.position);
      if (position >= bound) {
        unsafe = position;
        break;
      }
      yield rowToEvent(row, row.stream_id);
      cursor = position + 1n;
      remaining--;
    }
    if (unsafe === undefined) {
      if (rows.length < pageSize) return;
      continue;
    }
    const settled = await waitForOlderTransactions(ctx, unsafe >> 16n, settleDeadline, signal);
    if (!settled) return;
  }
}
