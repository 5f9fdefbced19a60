import type { StoreContext } from './store-context.js';
import { waitForOlderTransactions } from './wait-for-older-transactions.js';

/**
 * The position a `from: 'end'` subscription starts after: the last committed event, once every
 * older transaction has ended (so no append still in flight can commit below it). When they do not
 * end within `settleTimeoutMs`, the last position a reader may safely pass instead, which can make
 * the subscription also deliver a few events committed just before it started, never skip one.
 */
export async function headPosition(ctx: StoreContext, signal?: AbortSignal): Promise<bigint> {
  const [row] = await ctx.query<{ head: string | null; safe: string | null; xmin: string }>(
    'subscribe',
    `with b as materialized (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin)
     select (select max(position) from ${ctx.s}.events)::text as head,
       (select max(position) from ${ctx.s}.events where position < (b.xmin << 16))::text as safe,
       b.xmin::text as xmin
     from b`,
  );
  if (row!.head === null) return 0n;
  const head = BigInt(row!.head);
  if (head < BigInt(row!.xmin) << 16n) return head;
  const deadline = performance.now() + ctx.options.settleTimeoutMs;
  if (await waitForOlderTransactions(ctx, head >> 16n, deadline, signal)) return head;
  return row!.safe === null ? 0n : BigInt(row!.safe);
}
