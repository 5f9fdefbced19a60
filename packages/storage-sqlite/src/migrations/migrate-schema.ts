import { ConfigurationError } from '@agenticflow/core';
import { type Kysely, Migrator, sql } from 'kysely';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, type StoreSchema } from '../schema.js';
import { withImmediateTransaction } from '../with-immediate-transaction.js';
import { MIGRATIONS, migrationProvider } from './migrations.js';

function migratorOn(db: Kysely<StoreSchema>): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

/**
 * Applies the pending migrations and returns their names. The Migrator runs inside one
 * `BEGIN IMMEDIATE` transaction: SQLite's DDL is transactional, so a failed migration leaves
 * nothing behind, and the file's write lock makes processes that migrate at once take turns (the
 * later ones find nothing to do) — kysely's SQLite adapter has no lock of its own.
 */
export async function migrateSchema(
  db: Kysely<StoreSchema>,
  filename: string,
  busyTimeoutMs: number,
): Promise<string[]> {
  // Most opens find nothing to do: only take the write lock when there is.
  if ((await pendingMigrations(db, filename)).length === 0) return [];
  return withImmediateTransaction(db, busyTimeoutMs, async (connection) => {
    const { error, results = [] } = await migratorOn(connection).migrateToLatest();
    if (error !== undefined) throw migrationError(error, filename);
    return results.map((result) => result.migrationName);
  });
}

/** Names of the migrations this package knows that the database has not applied. */
export async function pendingMigrations(
  db: Kysely<StoreSchema>,
  filename: string,
): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}
  `.execute(db);
  if (tables.rows.length === 0) return Object.keys(MIGRATIONS);
  const applied = await sql<{ name: string }>`
    select name from ${sql.table(MIGRATION_TABLE)}
  `.execute(db);
  const known = new Set(Object.keys(MIGRATIONS));
  const unknown = applied.rows.map((row) => row.name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw newerSchemaError(unknown, filename);
  const done = new Set(applied.rows.map((row) => row.name));
  return Object.keys(MIGRATIONS).filter((name) => !done.has(name));
}

function migrationError(error: unknown, filename: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /previously executed migration (\S+) is missing/.exec(message);
  if (missing) return newerSchemaError([missing[1]!], filename);
  return new ConfigurationError(`migrating the event store in ${filename} failed: ${message}`, {
    cause: error,
  });
}

function newerSchemaError(unknown: readonly string[], filename: string): ConfigurationError {
  return new ConfigurationError(
    `the event store in ${filename} has migration ${unknown.join(', ')}, which this version of @agenticflow/storage-sqlite does not know (it knows ${Object.keys(MIGRATIONS).join(', ')}): upgrade @agenticflow/storage-sqlite`,
    { details: { filename, unknownMigrations: [...unknown] } },
  );
}
