import type { StoreContext } from './store-context.js';

// Appends hold their transaction id for a few milliseconds, so the first checks come quickly.
const FIRST_DELAY_MS = 1;
const MAX_DELAY_MS = 50;
/** The query a reader repeats while it waits (tests look for it in `pg_stat_activity`). */
export const XMIN_QUERY = 'select pg_snapshot_xmin(pg_current_snapshot())::text as xmin';

/**
 * Waits until every transaction older than `xid` has ended (the oldest running transaction id,
 * `xmin`, has moved past it), polling with growing delays. Resolves `false` when `deadline`
 * (a `performance.now()` time) passes or `signal` aborts first.
 */
export async function waitForOlderTransactions(
  ctx: StoreContext,
  xid: bigint,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  let delay = FIRST_DELAY_MS;
  for (;;) {
    const [row] = await ctx.query<{ xmin: string }>('readAll', XMIN_QUERY);
    if (BigInt(row!.xmin) > xid) return true;
    const left = deadline - performance.now();
    if (left <= 0 || signal?.aborted) return false;
    await sleep(Math.min(delay, left), signal);
    if (signal?.aborted) return false;
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
