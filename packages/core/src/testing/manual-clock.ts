import type { Clock } from '../util/clock.js';

interface Sleeper {
  readonly due: number;
  readonly resolve: () => void;
}

/**
 * A {@link Clock} that moves only when told to, for deterministic tests of timestamps, timers and
 * backoff.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
 * const slept = clock.sleep(1_000);
 * clock.advance(1_000); // resolves `slept`
 * ```
 */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00.000Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = { due: this.current + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((other) => other !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
      if (ms <= 0) this.release();
    });
  }

  /** Moves time forwards by `ms` and wakes every sleeper that is now due, earliest first. */
  advance(ms: number): void {
    this.current += ms;
    this.release();
  }

  /** Sets the time (forwards or backwards) and wakes sleepers that are due. */
  set(epochMs: number): void {
    this.current = epochMs;
    this.release();
  }

  /** Number of sleepers still waiting. */
  get pendingSleepers(): number {
    return this.sleepers.length;
  }

  private release(): void {
    const due = this.sleepers
      .filter((sleeper) => sleeper.due <= this.current)
      .sort((a, b) => a.due - b.due);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.due > this.current);
    for (const sleeper of due) sleeper.resolve();
  }
}
