import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '@agenticflow/core';
import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import { Kysely, SqliteAdapter, type SqliteDatabase, SqliteDialect, sql } from 'kysely';
import { classifySqliteError } from './classify-sqlite-error.js';
import type { StoreSchema } from './schema.js';
import type { ResolvedSqliteEventStoreOptions } from './sqlite-event-store-options.js';

/** A connection ready for the store. */
export interface OpenedDatabase {
  readonly db: Kysely<StoreSchema>;
  /** The main database file, or `:memory:`. */
  readonly filename: string;
  /** True for a private in-memory database: not durable, not shared. */
  readonly memory: boolean;
  /** Whether the store made `db` (and so destroys it on close). */
  readonly ownsKysely: boolean;
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * Gives kysely's `SqliteDialect` a better-sqlite3 connection whose `prepare` reuses statements by
 * SQL text: kysely prepares every query anew, and preparing costs more than running the small
 * statements of an append. `close` closes the connection only when the store opened it.
 */
function cachingDatabase(database: Database, owned: boolean): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close: () => {
      statements.clear();
      if (owned) database.close();
    },
    prepare: (text: string) => {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = database.prepare(text);
        if (statements.size >= STATEMENT_CACHE_SIZE)
          statements.delete(statements.keys().next().value!);
      } else {
        statements.delete(text);
      }
      // Re-inserting keeps the Map in least-recently-used order.
      statements.set(text, statement);
      return statement;
    },
  } as SqliteDatabase;
}

function openFile(filename: string, busyTimeoutMs: number): Database {
  const memory = filename === ':memory:';
  try {
    if (!memory) mkdirSync(dirname(resolve(filename)), { recursive: true });
    return new BetterSqlite3(filename, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new ConfigurationError(
      `cannot open the SQLite event store file ${filename}: ${(error as Error).message}: check the path and its permissions`,
      { cause: error, details: { filename } },
    );
  }
}

/**
 * Opens the connection the options name and sets the pragmas the store relies on: WAL (readers
 * never wait for the writer, and one write is one sync of the log), the `synchronous` level, and
 * the busy timeout.
 */
export async function openDatabase(
  options: ResolvedSqliteEventStoreOptions,
): Promise<OpenedDatabase> {
  let db: Kysely<StoreSchema>;
  const ownsKysely = options.kysely === undefined;
  if (options.kysely !== undefined) {
    if (!(options.kysely.getExecutor().adapter instanceof SqliteAdapter)) {
      throw new ConfigurationError(
        'kysely must use SqliteDialect (better-sqlite3): for PostgreSQL use @agenticflow/storage-postgres',
      );
    }
    // The store's queries and row shapes are its own: plugins such as CamelCasePlugin would change them.
    db = options.kysely.withoutPlugins() as Kysely<StoreSchema>;
  } else {
    const database = options.database ?? openFile(options.filename!, options.busyTimeoutMs);
    db = new Kysely<StoreSchema>({
      dialect: new SqliteDialect({
        database: cachingDatabase(database, options.database === undefined),
      }),
    });
  }
  const label = options.filename ?? options.database?.name ?? 'the kysely database';
  try {
    return { db, ownsKysely, ...(await configure(db, options)) };
  } catch (error) {
    if (ownsKysely) await db.destroy().catch(() => {});
    throw classifySqliteError(error, {
      operation: 'opening the event store',
      filename: label,
      busyTimeoutMs: options.busyTimeoutMs,
    });
  }
}

const SYNCHRONOUS_LEVEL = { normal: 1, full: 2, extra: 3 } as const;

async function configure(
  db: Kysely<StoreSchema>,
  options: ResolvedSqliteEventStoreOptions,
): Promise<{ filename: string; memory: boolean }> {
  await sql.raw(`pragma busy_timeout = ${options.busyTimeoutMs}`).execute(db);
  const files = await sql<{ name: string; file: string }>`pragma database_list`.execute(db);
  const file = files.rows.find((row) => row.name === 'main')?.file ?? '';
  const memory = file === '';
  if (!memory) {
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode = wal`.execute(db);
    if (rows[0]?.journal_mode !== 'wal') {
      throw new ConfigurationError(
        `cannot switch ${file} to WAL mode (journal_mode stayed ${rows[0]?.journal_mode}): use a local file system that supports shared memory`,
      );
    }
  }
  await sql.raw(`pragma synchronous = ${SYNCHRONOUS_LEVEL[options.synchronous]}`).execute(db);
  return { filename: memory ? ':memory:' : file, memory };
}
