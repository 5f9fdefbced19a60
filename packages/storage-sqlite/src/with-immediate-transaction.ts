import { setTimeout as sleep, setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CompiledQuery, type Kysely } from 'kysely';
import { sqliteCode } from './classify-sqlite-error.js';

const BUSY = Symbol('busy');

function run<DB>(connection: Kysely<DB>, statement: string): Promise<unknown> {
  return connection.executeQuery(CompiledQuery.raw(statement));
}

/**
 * Runs `work` in one `BEGIN IMMEDIATE` transaction on kysely's single SQLite connection, and
 * commits it, or rolls it back when `work` throws.
 *
 * kysely's `transaction()` issues a plain (deferred) `BEGIN`, which takes the write lock only at
 * the first write: two processes that both read first would then fail with `SQLITE_BUSY_SNAPSHOT`
 * instead of waiting. `BEGIN IMMEDIATE` takes the file's write lock up front, so the reads inside
 * (the stream's version) are still true at commit.
 *
 * While another connection holds the write lock, the wait happens here, asynchronously, for up to
 * `busyTimeoutMs`: SQLite's own busy handler would sleep inside better-sqlite3's synchronous call
 * and freeze the event loop — and when the holder is another connection of this same process,
 * mid-transaction between two awaits, it could never finish, so every wait would end in a timeout.
 * The connection is released between attempts, so this store's reads go on meanwhile.
 */
export async function withImmediateTransaction<DB, T>(
  db: Kysely<DB>,
  busyTimeoutMs: number,
  work: (connection: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const deadline = performance.now() + busyTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    const outcome = await db.connection().execute(async (connection) => {
      const busy = await beginImmediate(connection, busyTimeoutMs);
      if (busy !== undefined) {
        if (performance.now() >= deadline) throw busy;
        return BUSY;
      }
      let result: T;
      try {
        result = await work(connection);
        await run(connection, 'commit');
      } catch (error) {
        // Fails harmlessly when SQLite already rolled back (after an I/O error, say).
        await run(connection, 'rollback').catch(() => {});
        throw error;
      }
      return { result };
    });
    if (outcome !== BUSY) return outcome.result;
    await backOff(attempt);
  }
}

/** Takes the write lock without SQLite's busy handler; returns the `SQLITE_BUSY` error if taken. */
async function beginImmediate<DB>(connection: Kysely<DB>, busyTimeoutMs: number): Promise<unknown> {
  await run(connection, 'pragma busy_timeout = 0');
  try {
    await run(connection, 'begin immediate');
    return undefined;
  } catch (error) {
    if (sqliteCode(error)?.startsWith('SQLITE_BUSY')) return error;
    throw error;
  } finally {
    await run(connection, `pragma busy_timeout = ${busyTimeoutMs}`);
  }
}

/** First a turn of the event loop (a holder in this process finishes), then 1, 2, 4… 25 ms. */
async function backOff(attempt: number): Promise<void> {
  if (attempt === 0) {
    await yieldToEventLoop();
    return;
  }
  const ms = Math.min(2 ** (attempt - 1), 25);
  await sleep(ms / 2 + Math.random() * (ms / 2));
}
