import type { Migration, MigrationProvider } from 'kysely';
import * as init from './0001-init.js';

/**
 * Every schema version, by name in the order they apply. Names sort alphabetically in that order;
 * a new migration gets the next number and is never edited once released.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-init': init,
});

/** Hands kysely's Migrator the migrations compiled into this package (no file system scan). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
