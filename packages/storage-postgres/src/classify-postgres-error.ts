import {
  AgenticFlowError,
  ConfigurationError,
  ConnectionFailedError,
  isAgenticFlowError,
  TimeoutError,
} from '@agenticflow/core';

/** What was being done when a PostgreSQL error happened, for the message. */
export interface PostgresErrorContext {
  /** Such as `append to stream run-1` or `readAll`. */
  readonly operation: string;
  /** The database, described without its password, such as `postgres://app:***@db:5432/prod`. */
  readonly target: string;
  /** The schema the store uses. */
  readonly schema: string;
}

/** The fields of a `pg` error this module reads. */
interface PgErrorLike {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly constraint?: unknown;
}

/** SQLSTATE of a unique violation: an id or (stream, version) already stored. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATEs of a transaction rolled back by a concurrent one; running it again may succeed. */
export const TRANSIENT_CONFLICTS: ReadonlySet<string> = new Set(['40001', '40P01']);

const NODE_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// Class 08 is "connection exception"; 57P01-57P03 are the server shutting a session down
// (pg_terminate_backend, a crash, a restart); 53300 is "too many connections".
const SERVER_CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const AUTH_CODES = new Set(['28000', '28P01', '3D000']);
const NOT_MIGRATED_CODES = new Set(['3F000', '42P01', '42883']);
const CLIENT_CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection error',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'Client has encountered a connection error',
];

/** The SQLSTATE (or Node.js error code) of `error`, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as PgErrorLike | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for a unique violation of the given constraint (any constraint when omitted). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (errorCode(error) !== UNIQUE_VIOLATION) return false;
  return constraint === undefined || (error as PgErrorLike).constraint === constraint;
}

/** True when `error` means the connection is gone or could not be made. */
export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined) {
    if (NODE_CONNECTION_CODES.has(code) || SERVER_CONNECTION_CODES.has(code)) return true;
    if (code.length === 5 && code.startsWith('08')) return true;
  }
  const message = (error as PgErrorLike | null)?.message;
  if (typeof message !== 'string') return false;
  return CLIENT_CONNECTION_MESSAGES.some((text) => message.includes(text));
}

/**
 * Maps any error thrown by `pg` or kysely to an {@link AgenticFlowError}; the one place where
 * native errors become core codes:
 * - connection refused, reset or terminated (`pg_terminate_backend`, restarts, class 08) →
 *   retryable `CONNECTION_FAILED`; authentication failures and unknown databases →
 *   `CONNECTION_FAILED` that is not retryable;
 * - 23505 (unique violation) and 40001/40P01 (serialization failure, deadlock) → a conflict:
 *   `IDEMPOTENCY_CONFLICT` for an event id, otherwise a retryable `EXPECTED_VERSION_CONFLICT`;
 * - 57014 (statement timeout, cancel) → retryable `TIMEOUT`;
 * - a missing schema, table or function → `INVALID_CONFIGURATION` saying to run the migrations;
 * - anything else → `INTERNAL` with the SQLSTATE and the original error as `cause`.
 * An `AgenticFlowError` is returned unchanged.
 */
export function classifyPostgresError(
  error: unknown,
  context: PostgresErrorContext,
): AgenticFlowError {
  if (isAgenticFlowError(error)) return error;
  const code = errorCode(error);
  const message = describeError(error);
  const details = { operation: context.operation, target: context.target, sqlState: code };
  if (code !== undefined && AUTH_CODES.has(code)) {
    return new ConnectionFailedError(
      `${context.operation} failed: PostgreSQL at ${context.target} refused the session: ${message}: check the user, password and database name`,
      { cause: error, retryable: false, details },
    );
  }
  if (isConnectionError(error)) {
    return new ConnectionFailedError(
      `${context.operation} failed: the connection to PostgreSQL at ${context.target} was lost or could not be made (${message}): retry once the database is reachable`,
      { cause: error, details },
    );
  }
  if (code === UNIQUE_VIOLATION || (code !== undefined && TRANSIENT_CONFLICTS.has(code))) {
    return new AgenticFlowError(
      code === UNIQUE_VIOLATION && String((error as PgErrorLike).constraint).endsWith('_id_key')
        ? 'IDEMPOTENCY_CONFLICT'
        : 'EXPECTED_VERSION_CONFLICT',
      `${context.operation} conflicted with a concurrent write (SQLSTATE ${code}: ${message}): re-read the stream and retry`,
      { cause: error, retryable: code !== UNIQUE_VIOLATION, details },
    );
  }
  if (code === '57014') {
    return new TimeoutError(
      `${context.operation} was cancelled by PostgreSQL (statement timeout or cancel request): ${message}`,
      { cause: error, details },
    );
  }
  if (code !== undefined && NOT_MIGRATED_CODES.has(code)) {
    return new ConfigurationError(
      `${context.operation} failed because schema "${context.schema}" is missing or not migrated (${message}): call store.migrate(), or create the store with migrate: true`,
      { cause: error, details },
    );
  }
  return new AgenticFlowError(
    'INTERNAL',
    `${context.operation} failed in PostgreSQL${code ? ` (SQLSTATE ${code})` : ''}: ${message}`,
    { cause: error, details },
  );
}

function describeError(error: unknown): string {
  const message = (error as PgErrorLike | null)?.message;
  if (typeof message === 'string' && message.length > 0) return message;
  const code = errorCode(error);
  return code ?? String(error);
}
