import {
  type Clock,
  ConfigurationError,
  DEFAULT_MAX_EVENT_BYTES,
  describeValue,
  type IdGenerator,
} from '@agenticflow/core';
import type { Database } from 'better-sqlite3';
import type { Kysely } from 'kysely';

/** SQLite's `synchronous` settings the store accepts (`off` is refused: it risks corruption). */
export type SqliteSynchronous = 'full' | 'normal' | 'extra';

/**
 * Options of {@link createSqliteEventStore}. Give exactly one of `filename`, `database` or
 * `kysely`.
 */
export interface SqliteEventStoreOptions {
  /**
   * Path of the database file, created (with its directory) when missing; `':memory:'` for a
   * private in-memory database (tests only: not durable, not shared between processes).
   */
  readonly filename?: string;
  /**
   * A better-sqlite3 connection you own. The store sets its pragmas (WAL, `synchronous`,
   * `busy_timeout`) and never closes it.
   */
  readonly database?: Database;
  /**
   * A kysely instance over `SqliteDialect` that you own. The store sets the same pragmas through
   * it and never destroys it.
   */
  // biome-ignore lint/suspicious/noExplicitAny: Kysely is invariant in its schema type; any schema is accepted.
  readonly kysely?: Kysely<any>;
  /** Largest `data` plus `metadata` of one event, in UTF-8 bytes of their JSON. @defaultValue 1 MiB */
  readonly maxEventBytes?: number;
  /** Largest snapshot state, in UTF-8 bytes of its JSON. @defaultValue 16 MiB */
  readonly maxSnapshotBytes?: number;
  /**
   * How often subscribers check for events appended by other processes (or other connections),
   * in milliseconds. Appends made through this store wake its subscribers at once.
   * @defaultValue 100
   */
  readonly pollIntervalMs?: number;
  /**
   * SQLite's `synchronous` pragma. `'full'` syncs the write-ahead log at every commit, so an
   * acknowledged append survives a power cut; `'normal'` syncs only at checkpoints and may lose
   * the last commits on a power cut or OS crash (never on a process crash). See the README.
   * @defaultValue 'full'
   */
  readonly synchronous?: SqliteSynchronous;
  /**
   * How long a statement waits for another connection's lock (a writer in another process)
   * before failing with a retryable `TIMEOUT`, in milliseconds.
   * @defaultValue 5000
   */
  readonly busyTimeoutMs?: number;
  /**
   * Apply pending schema migrations when the store opens. With `false`, opening fails with
   * `INVALID_CONFIGURATION` while migrations are pending; run `store.migrate()` from a deploy step.
   * @defaultValue true
   */
  readonly migrate?: boolean;
  /** Source of event and snapshot times. @defaultValue the system clock */
  readonly clock?: Clock;
  /** Generates ids of events appended without one. @defaultValue UUIDv7 on `clock` */
  readonly newId?: IdGenerator;
}

/** Options with defaults applied; exactly one connection source is set. */
export interface ResolvedSqliteEventStoreOptions {
  readonly filename: string | undefined;
  readonly database: Database | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: see SqliteEventStoreOptions.kysely.
  readonly kysely: Kysely<any> | undefined;
  readonly maxEventBytes: number;
  readonly maxSnapshotBytes: number;
  readonly pollIntervalMs: number;
  readonly synchronous: SqliteSynchronous;
  readonly busyTimeoutMs: number;
  readonly migrate: boolean;
  readonly clock: Clock | undefined;
  readonly newId: IdGenerator | undefined;
}

const SYNCHRONOUS: readonly string[] = ['full', 'normal', 'extra'];

function integerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

/** Validates options, listing every problem in one `INVALID_CONFIGURATION` error. */
export function resolveSqliteEventStoreOptions(
  options: SqliteEventStoreOptions,
): ResolvedSqliteEventStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      `SqliteEventStore options must be an object such as { filename: '.agenticflow/events.db' }, got ${describeValue(options)}`,
    );
  }
  const issues: string[] = [];
  const sources = (['filename', 'database', 'kysely'] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (sources.length !== 1) {
    issues.push(
      `give exactly one of filename, database or kysely, got ${sources.length === 0 ? 'none' : sources.join(' and ')}`,
    );
  }
  const { filename, database, kysely } = options;
  if (filename !== undefined && (typeof filename !== 'string' || filename.trim() === '')) {
    issues.push(`filename must be a file path or ':memory:', got ${describeValue(filename)}`);
  }
  if (database !== undefined) {
    if (typeof (database as { prepare?: unknown })?.prepare !== 'function') {
      issues.push(`database must be a better-sqlite3 Database, got ${describeValue(database)}`);
    } else if (!database.open) {
      issues.push(`database ${database.name} is closed: pass an open better-sqlite3 Database`);
    } else if (database.readonly) {
      issues.push(`database ${database.name} is read-only: open it without { readonly: true }`);
    }
  }
  if (
    kysely !== undefined &&
    typeof (kysely as { getExecutor?: unknown })?.getExecutor !== 'function'
  ) {
    issues.push(
      `kysely must be a Kysely instance over SqliteDialect, got ${describeValue(kysely)}`,
    );
  }
  const limits = [
    ['maxEventBytes', options.maxEventBytes, 1, 1024 ** 3],
    ['maxSnapshotBytes', options.maxSnapshotBytes, 1, 1024 ** 3],
    ['pollIntervalMs', options.pollIntervalMs, 1, 3_600_000],
    ['busyTimeoutMs', options.busyTimeoutMs, 0, 3_600_000],
  ] as const;
  for (const [name, value, min, max] of limits) {
    if (value !== undefined && !integerIn(value, min, max))
      issues.push(`${name} must be an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
  if (options.synchronous !== undefined && !SYNCHRONOUS.includes(options.synchronous)) {
    issues.push(
      `synchronous must be 'full', 'normal' or 'extra', got ${describeValue(options.synchronous)}`,
    );
  }
  if (options.migrate !== undefined && typeof options.migrate !== 'boolean')
    issues.push(`migrate must be a boolean, got ${describeValue(options.migrate)}`);
  if (issues.length > 0) {
    throw new ConfigurationError(`invalid SqliteEventStore options: ${issues.join('; ')}`, {
      details: { issues },
    });
  }
  return {
    filename,
    database,
    kysely,
    maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    maxSnapshotBytes: options.maxSnapshotBytes ?? 16 * 1024 * 1024,
    pollIntervalMs: options.pollIntervalMs ?? 100,
    synchronous: options.synchronous ?? 'full',
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
    migrate: options.migrate ?? true,
    clock: options.clock,
    newId: options.newId,
  };
}
