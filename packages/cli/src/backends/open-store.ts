import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type EventStore, hasErrorCode } from '@agenticflow/core';
import { createPostgresEventStore, PostgresEventStore } from '@agenticflow/storage-postgres';
import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { redactUrl, type StoreSetting } from '../config/resolved-config.js';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Connection attempts before giving up (PostgreSQL). @defaultValue 5 */
  readonly connectAttempts?: number;
  /** Time limit of one connection attempt in ms (PostgreSQL). @defaultValue 5000 */
  readonly connectTimeoutMs?: number;
  /**
   * Values replaced by `[REDACTED]` in every event and snapshot written through the store (see
   * `redactEventStore` of `@agenticflow/observability`, loaded only when there are some).
   */
  readonly secrets?: readonly string[];
}

/** A one-line description of a store setting, with secrets hidden. */
export function describeStore(store: StoreSetting): string {
  if (store.kind === 'sqlite') return `sqlite:${store.path}`;
  return `${redactUrl(store.url)}${store.schema ? ` (schema ${store.schema})` : ''}`;
}

/** Opens the configured event store, applying pending migrations. */
export async function openStore(
  store: StoreSetting,
  options: OpenStoreOptions = {},
): Promise<EventStore> {
  const opened = await openBackend(store, options);
  if (!options.secrets?.length) return opened;
  const { redactEventStore } = await import('@agenticflow/observability');
  return redactEventStore(opened, { secrets: options.secrets });
}

async function openBackend(store: StoreSetting, options: OpenStoreOptions): Promise<EventStore> {
  if (store.kind === 'sqlite') {
    mkdirSync(dirname(store.path), { recursive: true });
    return createSqliteEventStore({ filename: store.path });
  }
  return createPostgresEventStore({
    connectionString: store.url,
    ...(store.schema ? { schema: store.schema } : {}),
    connectAttempts: options.connectAttempts ?? 5,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
  });
}

/**
 * Applies the store's pending migrations and returns their names (`[]` when up to date).
 * The SQLite store migrates as it opens, so its pending list is read by opening it without
 * migrating first.
 */
export async function migrateStore(store: StoreSetting): Promise<readonly string[]> {
  if (store.kind === 'postgres') {
    const postgres = new PostgresEventStore({
      connectionString: store.url,
      ...(store.schema ? { schema: store.schema } : {}),
      connectAttempts: 2,
    });
    try {
      await postgres.connect();
      return await postgres.migrate();
    } finally {
      await postgres.close();
    }
  }
  mkdirSync(dirname(store.path), { recursive: true });
  let pending: readonly string[] = [];
  try {
    await (await createSqliteEventStore({ filename: store.path, migrate: false })).close();
  } catch (error) {
    if (!hasErrorCode(error, 'INVALID_CONFIGURATION')) throw error;
    const details = (error as { details?: { pendingMigrations?: string[] } }).details;
    if (!details?.pendingMigrations) throw error;
    pending = details.pendingMigrations;
  }
  if (pending.length > 0) await (await createSqliteEventStore({ filename: store.path })).close();
  return pending;
}
