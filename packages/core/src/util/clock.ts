/**
 * The source of time for everything that records or waits. Inject a manual clock in tests
 * (`ManualClock` from `@agenticflow/core/testing`) to control timestamps and timers.
 */
export interface Clock {
  /** Current time in Unix epoch milliseconds. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds of this clock's time. Rejects with the signal's reason when
   * `signal` aborts first.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real wall clock and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

let lastMs = Number.NaN;
let lastIso = '';

/** ISO-8601 UTC text of epoch milliseconds (cached for the last value: appends often share a millisecond). */
export function isoFromEpochMs(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

/** ISO-8601 UTC text of a clock reading. */
export function isoTime(clock: Clock): string {
  return isoFromEpochMs(clock.now());
}
