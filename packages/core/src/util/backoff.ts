import { ConfigurationError } from '../errors/core-errors.js';

/** Delay in milliseconds before attempt `attempt + 1`, given that `attempt` (1-based) failed. */
export type Backoff = (attempt: number) => number;

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /**
   * Delay after the first failure.
   * @defaultValue 100
   */
  readonly initialMs?: number;
  /**
   * Largest delay.
   * @defaultValue 30000
   */
  readonly maxMs?: number;
  /**
   * Growth per attempt.
   * @defaultValue 2
   */
  readonly factor?: number;
  /**
   * Fraction of the delay that is randomised (0 = none, 1 = "full jitter").
   * @defaultValue 0.2
   */
  readonly jitter?: number;
  /** Random source in [0, 1); inject for deterministic tests. @defaultValue Math.random */
  readonly random?: () => number;
}

/**
 * Exponential backoff with jitter: `min(maxMs, initialMs * factor^(attempt-1))`, of which a
 * `jitter` fraction is randomised downwards so retrying clients spread out.
 *
 * @example
 * ```ts
 * const delay = exponentialBackoff({ initialMs: 50, maxMs: 2_000 });
 * delay(1); // ≈ 40-50 ms
 * delay(3); // ≈ 160-200 ms
 * ```
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): Backoff {
  const initialMs = options.initialMs ?? 100;
  const maxMs = options.maxMs ?? 30_000;
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  if (
    !(initialMs >= 0) ||
    !(maxMs >= initialMs) ||
    !(factor >= 1) ||
    !(jitter >= 0 && jitter <= 1)
  ) {
    throw new ConfigurationError(
      `invalid backoff ${JSON.stringify({ initialMs, maxMs, factor, jitter })}: need 0 <= initialMs <= maxMs, factor >= 1 and 0 <= jitter <= 1`,
    );
  }
  return (attempt) => {
    const base = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt - 1));
    return Math.round(base * (1 - jitter * random()));
  };
}
