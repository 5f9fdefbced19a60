import { ConfigurationError } from '@agenticflow/core';
import type { StoreContext } from './store-context.js';

/**
 * Refuses a database whose transaction ids are behind its stored positions. Positions encode the
 * writing transaction's id, which only grows within one cluster (pg_upgrade and physical replicas
 * keep it); a logical dump restored into a new cluster restarts it, and new events would then get
 * positions below the stored ones, out of order for every reader. Skipped while the schema does
 * not exist yet.
 */
export async function checkPositionsAhead(ctx: StoreContext): Promise<void> {
  const operation = 'check stored positions';
  const [table] = await ctx.query<{ present: boolean }>(
    operation,
    `select to_regclass(format('%I.events', $1::text)) is not null as present`,
    [ctx.options.schema],
  );
  if (!table!.present) return;
  const [row] = await ctx.query<{ stored: string | null; next: string }>(
    operation,
    `select (select max(position) >> 16 from ${ctx.s}.events)::text as stored,
       pg_snapshot_xmax(pg_current_snapshot())::text as next`,
  );
  if (row === undefined || row.stored === null) return;
  if (BigInt(row.stored) < BigInt(row.next)) return;
  throw new ConfigurationError(
    `schema "${ctx.options.schema}" at ${ctx.target} holds positions of transaction id ${row.stored}, but the cluster's next transaction id is ${row.next} (was the database restored from a logical dump into a new cluster?): new events would sort before stored ones; advance the cluster's transaction id past ${row.stored} (pg_resetwal -x) before appending`,
    { details: { storedTransactionId: row.stored, nextTransactionId: row.next } },
  );
}
