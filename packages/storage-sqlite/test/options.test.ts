import { join } from 'node:path';
import { expectRejectedCode } from '@agenticflow/core/testing';
import BetterSqlite3 from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteEventStore, type SqliteEventStoreOptions } from '../src/index.js';
import { tempDirectory } from './temp-database.js';

const directory = tempDirectory();
afterAll(() => directory.remove());

async function configurationError(options: unknown): Promise<string> {
  const error = await expectRejectedCode(
    createSqliteEventStore(options as SqliteEventStoreOptions),
    'INVALID_CONFIGURATION',
  );
  return error.message;
}

describe('SqliteEventStore options', () => {
  it('rejects options that name no database, or more than one', async () => {
    expect(await configurationError({})).toContain(
      'give exactly one of filename, database or kysely, got none',
    );
    const database = new BetterSqlite3(':memory:');
    expect(await configurationError({ filename: ':memory:', database })).toContain(
      'got filename and database',
    );
    database.close();
    expect(await configurationError(undefined)).toContain('must be an object');
  });

  it('rejects malformed values, naming each one and what is expected', async () => {
    const message = await configurationError({
      filename: '  ',
      maxEventBytes: 0,
      maxSnapshotBytes: 1.5,
      pollIntervalMs: -1,
      busyTimeoutMs: 'soon',
      synchronous: 'off',
      migrate: 'yes',
    });
    expect(message).toContain(`filename must be a file path or ':memory:', got "  "`);
    expect(message).toContain('maxEventBytes must be an integer from 1 to 1073741824, got 0');
    expect(message).toContain('maxSnapshotBytes must be an integer from 1 to 1073741824, got 1.5');
    expect(message).toContain('pollIntervalMs must be an integer from 1 to 3600000, got -1');
    expect(message).toContain('busyTimeoutMs must be an integer from 0 to 3600000, got "soon"');
    expect(message).toContain(`synchronous must be 'full', 'normal' or 'extra', got "off"`);
    expect(message).toContain('migrate must be a boolean, got "yes"');
  });

  it('rejects a closed or read-only better-sqlite3 Database, and something that is not one', async () => {
    const closed = new BetterSqlite3(join(directory.path, 'closed.db'));
    closed.close();
    expect(await configurationError({ database: closed })).toContain('is closed');
    const readonly = new BetterSqlite3(join(directory.path, 'closed.db'), { readonly: true });
    expect(await configurationError({ database: readonly })).toContain('is read-only');
    readonly.close();
    expect(await configurationError({ database: { name: 'x' } })).toContain(
      'database must be a better-sqlite3 Database',
    );
  });

  it('rejects a kysely instance over another dialect', async () => {
    const postgres = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    expect(await configurationError({ kysely: postgres })).toContain(
      'kysely must use SqliteDialect',
    );
    expect(await configurationError({ kysely: {} })).toContain('kysely must be a Kysely instance');
  });

  it('rejects a file that is not an SQLite database, naming the path', async () => {
    const { writeFileSync } = await import('node:fs');
    const path = join(directory.path, 'not-a-database.db');
    writeFileSync(path, 'this is plain text, not an SQLite database file'.repeat(100));
    const message = await configurationError({ filename: path });
    expect(message).toContain(path);
    expect(message).toContain('SQLITE_NOTADB');
  });

  it('rejects a path whose directory cannot be created', async () => {
    const { writeFileSync } = await import('node:fs');
    const blocker = join(directory.path, 'a-file');
    writeFileSync(blocker, '');
    const path = join(blocker, 'events.db');
    expect(await configurationError({ filename: path })).toContain(
      `cannot open the SQLite event store file ${path}`,
    );
  });
});
