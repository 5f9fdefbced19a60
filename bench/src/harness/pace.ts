import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link runPaced}. */
export interface PacedOptions {
  /** Items to send. */
  readonly count: number;
  /** Items per second. */
  readonly ratePerSecond: number;
}

/**
 * Calls `send(seq)` for `count` items at a steady rate. Timers wake about once a millisecond, so
 * each wake-up sends every item whose time has come: the rate holds on average, never by bursting
 * ahead of schedule. Resolves when the last item was sent (its handling may still be pending).
 */
export async function runPaced(
  options: PacedOptions,
  send: (seq: number) => Promise<unknown>,
): Promise<void> {
  const intervalMs = 1000 / options.ratePerSecond;
  const startedAt = performance.now();
  let seq = 0;
  while (seq < options.count) {
    const now = performance.now();
    while (seq < options.count && startedAt + seq * intervalMs <= now) {
      await send(seq);
      seq++;
    }
    if (seq < options.count) {
      await sleep(Math.max(0, startedAt + seq * intervalMs - performance.now()));
    }
  }
}
