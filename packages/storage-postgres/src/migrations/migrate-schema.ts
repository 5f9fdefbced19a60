import { CompiledQuery, type Kysely, type Migration, Migrator } from 'kysely';
import { quoteSchema } from '../schema-name.js';
import { initMigration } from './0001-init.js';

/** The table, in the store's schema, where kysely's migrator records applied migrations. */
export const MIGRATION_TABLE = 'agenticflow_migrations';
const MIGRATION_LOCK_TABLE = 'agenticflow_migrations_lock';

/** Every migration of a schema, by name; names sort in the order they apply. */
export function schemaMigrations(schema: string): Record<string, Migration> {
  return { '0001-init': initMigration(schema) };
}

/** Names of the migrations applied to `schema`, oldest first, or `[]` if none. */
export async function appliedMigrations(db: Kysely<unknown>, schema: string): Promise<string[]> {
  try {
    const { rows } = await db.executeQuery<{ name: string }>(
      CompiledQuery.raw(`select name from ${quoteSchema(schema)}.${MIGRATION_TABLE} order by name`),
    );
    return rows.map((row) => row.name);
  } catch (error) {
    // 3F000 / 42P01: no schema or no migration table yet, so nothing is applied.
    const code = (error as { code?: unknown }).code;
    if (code === '3F000' || code === '42P01') return [];
    throw error;
  }
}

/**
 * Brings `schema` to the latest version with kysely's `Migrator`, and returns the names of the
 * migrations it applied. Safe to run twice and from several processes at once: the migrator
 * creates its tables tolerating a concurrent creator, and applies migrations in one transaction
 * under a session advisory lock, so a second process waits and then finds nothing to do.
 */
export async function migrateSchema(db: Kysely<unknown>, schema: string): Promise<string[]> {
  const migrations = schemaMigrations(schema);
  const applied = new Set(await appliedMigrations(db, schema));
  if (Object.keys(migrations).every((name) => applied.has(name))) return [];
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
