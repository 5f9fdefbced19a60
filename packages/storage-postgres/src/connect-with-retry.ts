import { ConnectionFailedError, exponentialBackoff } from '@agenticflow/core';
import type { StoreContext } from './store-context.js';

const retryDelay = exponentialBackoff({ initialMs: 100, maxMs: 2_000 });

/**
 * Checks that the database answers, trying up to `attempts` times with exponential backoff.
 * Throws `CONNECTION_FAILED` naming the database (without its password) and the last cause;
 * a refusal that retrying cannot fix (a wrong password, an unknown database) fails at once.
 */
export async function connectWithRetry(ctx: StoreContext, attempts: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.query('connect', 'select 1');
      return;
    } catch (error) {
      const retryable = (error as { retryable?: boolean }).retryable === true;
      if (!retryable || attempt >= attempts) {
        throw new ConnectionFailedError(
          `could not connect to PostgreSQL at ${ctx.target} after ${attempt} attempt${attempt === 1 ? '' : 's'} (${describeCause(error)}): check that the server is running and that the URL, user and password are right`,
          { cause: error, retryable, details: { target: ctx.target, attempts: attempt } },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelay(attempt)));
    }
  }
}

function describeCause(error: unknown): string {
  const native = (error as { cause?: { message?: unknown; code?: unknown } }).cause;
  if (typeof native?.message === 'string' && native.message !== '') return native.message;
  if (typeof native?.code === 'string') return native.code;
  return error instanceof Error ? error.message : String(error);
}
