import {
  AgenticFlowError,
  ClosedError,
  ConfigurationError,
  ConnectionFailedError,
  isAgenticFlowError,
  TimeoutError,
} from '@agenticflow/core';

/** What was being done when SQLite failed, for the error message. */
export interface SqliteErrorContext {
  /** Such as `append to stream run-1`. */
  readonly operation: string;
  /** The database file, or `:memory:`. */
  readonly filename: string;
  /** The busy timeout in force, named in `TIMEOUT` messages. */
  readonly busyTimeoutMs: number;
}

/** Which unique constraint of the events table an insert broke, if any. */
export type EventsUniqueViolation = 'event-id' | 'stream-version';

/** The extended result code of a better-sqlite3 `SqliteError` (`SQLITE_BUSY_SNAPSHOT`…). */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Tells which unique constraint of the events table `error` reports, if it is one. */
export function eventsUniqueViolation(error: unknown): EventsUniqueViolation | undefined {
  const code = sqliteCode(error);
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE' && code !== 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return undefined;
  const message = (error as Error).message;
  if (message.includes('agenticflow_events.stream_id')) return 'stream-version';
  if (message.includes('agenticflow_events.id')) return 'event-id';
  return undefined;
}

/**
 * Maps anything SQLite, better-sqlite3 or kysely throws to an `AgenticFlowError`, in one place:
 *
 * - `SQLITE_BUSY*` and `SQLITE_LOCKED*`: another connection held the lock for longer than the busy
 *   timeout: `TIMEOUT`, retryable.
 * - `SQLITE_IOERR*`: the file could not be read or written: `CONNECTION_FAILED`, retryable.
 * - `SQLITE_CANTOPEN`, `SQLITE_NOTADB`, `SQLITE_READONLY*`, `SQLITE_PERM`, `SQLITE_AUTH`, and a
 *   missing table: the file or its schema is not usable as configured: `INVALID_CONFIGURATION`.
 * - a closed connection or destroyed kysely instance: `CLOSED`.
 * - anything else (`SQLITE_FULL`, `SQLITE_CORRUPT`…): `INTERNAL`, not retryable.
 *
 * Unique violations of the events table are told apart by {@link eventsUniqueViolation} where an
 * append can act on them (a retried batch, a version taken).
 */
export function classifySqliteError(error: unknown, context: SqliteErrorContext): AgenticFlowError {
  if (isAgenticFlowError(error)) return error;
  const where = `${context.operation} on ${context.filename}`;
  const message = error instanceof Error ? error.message : String(error);
  const code = sqliteCode(error);
  const details = { filename: context.filename, ...(code ? { sqliteCode: code } : {}) };
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    return new TimeoutError(
      `${where} waited longer than busyTimeoutMs (${context.busyTimeoutMs} ms) for another connection's lock (${code}): retry, or raise busyTimeoutMs if writers hold the lock longer`,
      { cause: error, details: { ...details, busyTimeoutMs: context.busyTimeoutMs } },
    );
  }
  if (code?.startsWith('SQLITE_IOERR')) {
    return new ConnectionFailedError(
      `${where} hit an I/O error (${code}: ${message}): check the disk and retry`,
      { cause: error, details },
    );
  }
  if (
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_NOTADB' ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH' ||
    code?.startsWith('SQLITE_READONLY')
  ) {
    return new ConfigurationError(
      `${where} failed (${code}: ${message}): check that the path is a writable SQLite database file in an existing, writable directory`,
      { cause: error, details },
    );
  }
  if (/no such table: agenticflow_/.test(message)) {
    return new ConfigurationError(
      `${where} failed: the event store tables do not exist (${message}): open the store with migrate: true (the default) or call store.migrate()`,
      { cause: error, details },
    );
  }
  if (isClosedConnection(error, message)) {
    return new ClosedError(`the SQLite event store on ${context.filename}`, { cause: error });
  }
  return new AgenticFlowError('INTERNAL', `${where} failed: ${code ? `${code}: ` : ''}${message}`, {
    cause: error,
    details,
  });
}

function isClosedConnection(error: unknown, message: string): boolean {
  return (
    (error instanceof TypeError && message.includes('database connection is not open')) ||
    message.includes('driver has already been destroyed')
  );
}
