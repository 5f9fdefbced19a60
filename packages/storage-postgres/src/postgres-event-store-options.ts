import {
  ConfigurationError,
  DEFAULT_MAX_EVENT_BYTES,
  describeValue,
  type IdGenerator,
} from '@agenticflow/core';
import type { Kysely } from 'kysely';
import type { Pool } from 'pg';
import { assertSchemaName, DEFAULT_SCHEMA } from './schema-name.js';

/**
 * Options of {@link PostgresEventStore}. Give exactly one of `connectionString`, `pool` or
 * `kysely`.
 */
export interface PostgresEventStoreOptions {
  /**
   * A PostgreSQL URL (`postgres://user:password@host:5432/db`). The store creates a pool from it,
   * owns it and ends it on `close()`.
   */
  readonly connectionString?: string;
  /** A `pg.Pool` you own. The store borrows connections from it and never ends it. */
  readonly pool?: Pool;
  /**
   * A `Kysely` instance on `PostgresDialect` that you own (its plugins are not applied to the
   * store's queries). The store never destroys it. LISTEN/NOTIFY needs
   * `notifications: { connectionString }` in this case; otherwise subscriptions in other
   * processes learn of appends by polling.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database type must be accepted, and Kysely<DB> is not assignable to Kysely<unknown>.
  readonly kysely?: Kysely<any>;
  /**
   * The schema holding the store's tables: 1-63 characters of `a-z`, `0-9` and `_`.
   * @defaultValue 'agenticflow'
   */
  readonly schema?: string;
  /**
   * Whether {@link createPostgresEventStore} applies pending migrations. Convenient in
   * development; in production, run `store.migrate()` from a deploy step and set this to `false`.
   * The constructor never migrates.
   * @defaultValue true
   */
  readonly migrate?: boolean;
  /** Largest pool the store creates from `connectionString`. @defaultValue 10 */
  readonly poolSize?: number;
  /**
   * Connection attempts {@link createPostgresEventStore} makes before it gives up with
   * `CONNECTION_FAILED`, with exponential backoff between them.
   * @defaultValue 20
   */
  readonly connectAttempts?: number;
  /** Time limit of one connection attempt of pools the store creates, in ms. @defaultValue 5000 */
  readonly connectTimeoutMs?: number;
  /**
   * Live notifications by LISTEN on a dedicated connection: `true` (when the store can open one:
   * with `connectionString` or `pool`), `false` to only poll, or the URL to LISTEN on when you
   * pass `kysely`. Appends always NOTIFY, for the other processes that listen.
   * @defaultValue true
   */
  readonly notifications?: boolean | { readonly connectionString: string };
  /**
   * How often a subscription reads again without a notification: the safety net for missed
   * notifications, and the only source of news without LISTEN.
   * @defaultValue 1000
   */
  readonly pollIntervalMs?: number;
  /**
   * Least time between two NOTIFYs sent by this store. Appends wake subscriptions of this store at
   * once; other processes hear of them at most this much later.
   * @defaultValue 20
   */
  readonly notifyIntervalMs?: number;
  /**
   * How long `readAll` waits, when it meets an event committed after an older transaction that is
   * still running, for that transaction to end before it stops early (see the README, "Global
   * order"). Never causes a skip: an early stop only delays events to the next read.
   * @defaultValue 2000
   */
  readonly settleTimeoutMs?: number;
  /**
   * Run the store's frequent statements (append, reads, consumer positions) as named prepared
   * statements, parsed and planned once per connection. Turn it off behind a connection pooler
   * that cannot keep them (PgBouncer in transaction mode before 1.21). Applies to pools the store
   * creates or is given, not to a `kysely` instance.
   * @defaultValue true
   */
  readonly preparedStatements?: boolean;
  /** Events and rows fetched per query by `readStream` and `readAll`. @defaultValue 500 */
  readonly readPageSize?: number;
  /** Largest `data` plus `metadata` of one event, in bytes. @defaultValue 1 MiB */
  readonly maxEventBytes?: number;
  /** Largest snapshot state, in bytes. @defaultValue 16 MiB */
  readonly maxSnapshotBytes?: number;
  /** Generates ids of events appended without one. @defaultValue UUIDv7 */
  readonly newId?: IdGenerator;
}

/** {@link PostgresEventStoreOptions} with defaults filled in and numbers checked. */
export interface ResolvedOptions {
  readonly schema: string;
  readonly poolSize: number;
  readonly connectAttempts: number;
  readonly connectTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly notifyIntervalMs: number;
  readonly settleTimeoutMs: number;
  readonly readPageSize: number;
  readonly maxEventBytes: number;
  readonly maxSnapshotBytes: number;
}

const LIMITS: ReadonlyArray<[keyof ResolvedOptions, number, number, number]> = [
  // name, default, min, max
  ['poolSize', 10, 1, 10_000],
  ['connectAttempts', 5, 1, 1_000],
  ['connectTimeoutMs', 5_000, 1, 600_000],
  ['pollIntervalMs', 1_000, 1, 86_400_000],
  ['notifyIntervalMs', 20, 0, 60_000],
  ['settleTimeoutMs', 2_000, 0, 600_000],
  ['readPageSize', 500, 1, 100_000],
  ['maxEventBytes', DEFAULT_MAX_EVENT_BYTES, 1, 256 * 1024 * 1024],
  ['maxSnapshotBytes', 16 * 1024 * 1024, 1, 256 * 1024 * 1024],
];

/** Checks `options` and fills in defaults; throws `INVALID_CONFIGURATION` naming the bad value. */
export function resolveOptions(options: PostgresEventStoreOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      `PostgresEventStore options must be an object, got ${describeValue(options)}: pass { connectionString }, { pool } or { kysely }`,
    );
  }
  const sources = (['connectionString', 'pool', 'kysely'] as const).filter(
    (key) => options[key] !== undefined,
  );
  if (sources.length !== 1) {
    throw new ConfigurationError(
      `PostgresEventStore needs exactly one of connectionString, pool or kysely, got ${sources.length === 0 ? 'none' : sources.join(' and ')}`,
    );
  }
  const schema = options.schema ?? DEFAULT_SCHEMA;
  assertSchemaName(schema);
  const resolved: Record<string, unknown> = { schema };
  for (const [name, fallback, min, max] of LIMITS) {
    const value = (options as Record<string, unknown>)[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigurationError(
        `invalid ${name} ${describeValue(value)}: use an integer from ${min} to ${max} (default ${fallback})`,
        { details: { option: name } },
      );
    }
    resolved[name] = value;
  }
  return resolved as unknown as ResolvedOptions;
}
