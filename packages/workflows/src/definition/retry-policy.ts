import {
  type Backoff,
  ConfigurationError,
  type ExponentialBackoffOptions,
  exponentialBackoff,
  isAgenticFlowError,
} from '@agenticflow/core';

/** How a failing step is retried. */
export interface RetryPolicy {
  /**
   * Attempts in all, the first included; `1` means no retry.
   * @defaultValue 3
   */
  readonly maxAttempts?: number;
  /**
   * Delay before each retry: a function of the failed attempt, or exponential-backoff options.
   * @defaultValue exponentialBackoff({ initialMs: 1_000, maxMs: 60_000, jitter: 0.2 })
   */
  readonly backoff?: Backoff | ExponentialBackoffOptions;
  /**
   * Which errors are retried. By default an `AgenticFlowError` is retried only when it is
   * `retryable`, and any other error (a plain `throw new Error(...)` in user code) is retried.
   */
  readonly retryOn?: (error: unknown) => boolean;
}

/** A {@link RetryPolicy} with its defaults applied. */
export interface ResolvedRetryPolicy {
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  readonly retryOn: (error: unknown) => boolean;
}

/** The default retry decision: see {@link RetryPolicy.retryOn}. */
export function retryableByDefault(error: unknown): boolean {
  return isAgenticFlowError(error) ? error.retryable : true;
}

/** Applies the defaults of {@link RetryPolicy}, layered over `base` (the workflow's policy). */
export function resolveRetryPolicy(
  policy: RetryPolicy | undefined,
  base?: ResolvedRetryPolicy,
): ResolvedRetryPolicy {
  const maxAttempts = policy?.maxAttempts ?? base?.maxAttempts ?? 3;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw new ConfigurationError(
      `retry.maxAttempts must be an integer >= 1, got ${String(maxAttempts)}`,
    );
  }
  const backoff = policy?.backoff;
  return {
    maxAttempts,
    backoff:
      typeof backoff === 'function'
        ? backoff
        : backoff
          ? exponentialBackoff(backoff)
          : (base?.backoff ?? exponentialBackoff({ initialMs: 1_000, maxMs: 60_000, jitter: 0.2 })),
    retryOn: policy?.retryOn ?? base?.retryOn ?? retryableByDefault,
  };
}
