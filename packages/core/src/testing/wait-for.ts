import { TimeoutError } from '../errors/core-errors.js';

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** @defaultValue 5000 */
  readonly timeoutMs?: number;
  /** @defaultValue 5 */
  readonly intervalMs?: number;
  /** Says what was awaited, for the timeout message. */
  readonly message?: string;
}

/**
 * Polls `predicate` until it returns a truthy value and returns that value; throws `TIMEOUT` after
 * `timeoutMs`. Use it in tests instead of sleeping for a guessed time.
 *
 * @example
 * ```ts
 * await waitFor(() => received.length === 10, { message: 'ten messages' });
 * ```
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const intervalMs = options.intervalMs ?? 5;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new TimeoutError(
        `waitFor: ${options.message ?? 'condition'} not met within ${timeoutMs} ms`,
        {
          ...(lastError !== undefined ? { cause: lastError } : {}),
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
