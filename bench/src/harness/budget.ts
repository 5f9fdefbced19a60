/**
 * How long a workload may take. `measure` stops repeating once the soft limit is near, and the
 * runner fails a workload that passes the hard limit, so `pnpm bench` always ends.
 */
export class Budget {
  private readonly startedAt = performance.now();

  constructor(
    /** Milliseconds the workload aims to stay within. */
    readonly softMs: number,
    /** Milliseconds after which the runner gives up on the workload. */
    readonly hardMs: number,
  ) {}

  /** Milliseconds since the workload started. */
  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Milliseconds left before the soft limit (negative once past it). */
  remainingMs(): number {
    return this.softMs - this.elapsedMs();
  }
}

/** Thrown when a workload or one of its waits runs out of time. */
export class BudgetExceededError extends Error {
  override readonly name = 'BudgetExceededError';
}

/** Rejects with {@link BudgetExceededError} when `work` has not settled within `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BudgetExceededError(`${what} did not finish within ${Math.round(ms)} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
