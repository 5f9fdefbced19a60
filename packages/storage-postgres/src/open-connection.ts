import { ConfigurationError } from '@agenticflow/core';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { isConnectionError } from './classify-postgres-error.js';
import type { PostgresEventStoreOptions, ResolvedOptions } from './postgres-event-store-options.js';
import type { PreparedStatements } from './prepared-statements.js';
import { redactUrl } from './redact-url.js';

/** Shown in `pg_stat_activity` for connections the store opens itself. */
export const APPLICATION_NAME = 'agenticflow';

/** Hands out pool clients with the store's guards (see {@link guardClients}). */
export interface ClientSource {
  connect(): Promise<pg.PoolClient>;
  /** Ends the pool; later calls return the same promise. */
  end(): Promise<void>;
}

/** How a store reaches its database. */
export interface Connection {
  /** Migrations and any query without `clients` run through this instance (without plugins). */
  readonly db: Kysely<unknown>;
  /**
   * The pool behind `db`, when the store has it (a connection string or a `pg.Pool`): queries
   * check a client out of it directly, skipping kysely's per-query work (benchmarks W3/W4).
   */
  readonly clients: ClientSource | undefined;
  /** Whether the store created the pool and must end it on close. */
  readonly owned: boolean;
  /** The database, described without its password, for messages. */
  readonly target: string;
  /** Opens a dedicated client for LISTEN, or `undefined` when the store cannot. */
  readonly createListenClient: (() => pg.Client) | undefined;
}

/** Builds the {@link Connection} of a store from its options; connects lazily. */
export function openConnection(
  options: PostgresEventStoreOptions,
  resolved: ResolvedOptions,
  prepared: PreparedStatements,
): Connection {
  const listenUrl = typeof options.notifications === 'object' ? options.notifications : undefined;
  if (listenUrl !== undefined) assertPostgresUrl(listenUrl.connectionString, 'notifications');
  const notify = options.notifications !== false;
  if (options.connectionString !== undefined) {
    assertPostgresUrl(options.connectionString, 'connectionString');
    const config: pg.PoolConfig = {
      connectionString: options.connectionString,
      max: resolved.poolSize,
      connectionTimeoutMillis: resolved.connectTimeoutMs,
      application_name: APPLICATION_NAME,
    };
    const pool = new pg.Pool(config);
    // An idle client whose server session ends emits 'error' on the pool; without a listener
    // Node would crash. The pool drops that client and the next query opens a new one.
    pool.on('error', () => {});
    const clients = guardClients(pool, prepared);
    return {
      db: new Kysely<unknown>({ dialect: new PostgresDialect({ pool: clients }) }),
      clients,
      owned: true,
      target: redactUrl(options.connectionString),
      createListenClient: notify
        ? () => new pg.Client(listenConfig(listenUrl?.connectionString, config, resolved))
        : undefined,
    };
  }
  if (options.pool !== undefined) {
    const pool = options.pool;
    if (typeof pool?.connect !== 'function' || typeof pool.query !== 'function') {
      throw new ConfigurationError(
        'the pool option must be a pg.Pool (an object with connect() and query()): pass new pg.Pool({ connectionString })',
      );
    }
    const poolConfig = (pool as unknown as { options?: pg.PoolConfig }).options ?? {};
    const clients = guardClients(pool, prepared);
    return {
      db: new Kysely<unknown>({ dialect: new PostgresDialect({ pool: clients }) }),
      clients,
      owned: false,
      target: describePoolConfig(poolConfig),
      createListenClient: notify
        ? () => new pg.Client(listenConfig(listenUrl?.connectionString, poolConfig, resolved))
        : undefined,
    };
  }
  const kysely = options.kysely;
  if (typeof kysely?.withoutPlugins !== 'function' || typeof kysely.executeQuery !== 'function') {
    throw new ConfigurationError(
      'the kysely option must be a Kysely instance on PostgresDialect: pass new Kysely({ dialect: new PostgresDialect({ pool }) })',
    );
  }
  return {
    db: kysely.withoutPlugins() as Kysely<unknown>,
    clients: undefined,
    owned: false,
    target:
      listenUrl !== undefined
        ? redactUrl(listenUrl.connectionString)
        : 'the database of the given Kysely instance',
    createListenClient:
      listenUrl !== undefined
        ? () => new pg.Client(listenConfig(listenUrl.connectionString, {}, resolved))
        : undefined,
  };
}

/**
 * The pool as the store and kysely see it, with three changes to the clients it hands out:
 * - the store's hot statements (marked in `prepared`) run as named prepared statements;
 * - an 'error' listener: `pg` emits 'error' on a checked-out client whose connection drops
 *   (`pg_terminate_backend`, a restart), and pg-pool only listens while the client is idle, so the
 *   event would otherwise crash the process (the failed query still rejects);
 * - a client whose session the server ended (SQLSTATE 57P01-57P03, class 08) is discarded on
 *   release: the error arrives before the socket closes, so pg-pool would otherwise keep it idle and
 *   hand the dead client to the next query.
 */
function guardClients(pool: pg.Pool, prepared: PreparedStatements): ClientSource {
  const guarded = new WeakSet<pg.PoolClient>();
  const broken = new WeakSet<pg.PoolClient>();
  // Kysely ends the pool on destroy only if it ever ran a query; the store ends it too, once.
  let ended: Promise<void> | undefined;
  return {
    async connect() {
      const client = await pool.connect();
      if (!guarded.has(client)) {
        guarded.add(client);
        client.on('error', () => broken.add(client));
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as { query: unknown }).query = (...args: unknown[]) => {
          const [text, values] = args;
          const name = typeof text === 'string' ? prepared.nameOf(text) : undefined;
          const result = name === undefined ? query(...args) : query({ name, text, values });
          if (result instanceof Promise) {
            result.catch((error: unknown) => {
              if (isConnectionError(error)) broken.add(client);
            });
          }
          return result;
        };
      }
      const release = client.release;
      client.release = (error?: Error | boolean) =>
        release(error === undefined || error === false ? broken.has(client) : error);
      return client;
    },
    end: () => {
      ended ??= pool.end();
      return ended;
    },
  };
}

function listenConfig(
  url: string | undefined,
  base: pg.PoolConfig,
  resolved: ResolvedOptions,
): pg.ClientConfig {
  const { max: _max, idleTimeoutMillis: _idle, ...client } = base;
  return {
    ...client,
    ...(url !== undefined ? { connectionString: url } : {}),
    connectionTimeoutMillis: client.connectionTimeoutMillis ?? resolved.connectTimeoutMs,
    application_name: `${client.application_name ?? APPLICATION_NAME}:listen`.slice(0, 63),
  };
}

function assertPostgresUrl(url: unknown, option: string): void {
  let protocol: string | undefined;
  try {
    protocol = typeof url === 'string' ? new URL(url).protocol : undefined;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'postgres:' || protocol === 'postgresql:') return;
  throw new ConfigurationError(
    `invalid ${option} ${typeof url === 'string' ? JSON.stringify(redactUrl(url)) : String(url)}: use a URL such as postgres://user:password@host:5432/database`,
  );
}

/** A pool's target without its password, such as `postgres://app@db:5432/prod`. */
function describePoolConfig(config: pg.PoolConfig): string {
  if (typeof config.connectionString === 'string') return redactUrl(config.connectionString);
  const user = config.user ?? process.env.PGUSER ?? '';
  const host = config.host ?? process.env.PGHOST ?? 'localhost';
  const port = config.port ?? process.env.PGPORT ?? 5432;
  const database = config.database ?? process.env.PGDATABASE ?? '';
  return `postgres://${user ? `${user}@` : ''}${host}:${port}/${database}`;
}
