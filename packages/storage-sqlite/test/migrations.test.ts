import { join } from 'node:path';
import { collect } from '@agenticflow/core';
import { expectRejectedCode, makeEvents } from '@agenticflow/core/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../src/index.js';
import { tempDirectory } from './temp-database.js';

const directory = tempDirectory();
afterAll(() => directory.remove());

function tablesOf(filename: string): string[] {
  const database = new BetterSqlite3(filename, { readonly: true });
  const names = database
    .prepare(
      `select name from sqlite_master where type = 'table' and name like 'agenticflow%' order by name`,
    )
    .pluck()
    .all() as string[];
  database.close();
  return names;
}

describe('SqliteEventStore migrations', () => {
  it('creates the schema on first open and reports nothing to do afterwards', async () => {
    const filename = join(directory.path, 'fresh.db');
    const store = await createSqliteEventStore({ filename });
    expect(tablesOf(filename)).toEqual([
      'agenticflow_consumers',
      'agenticflow_deleted_streams',
      'agenticflow_events',
      'agenticflow_migrations',
      'agenticflow_migrations_lock',
      'agenticflow_snapshots',
    ]);
    expect(await store.migrate()).toEqual([]);
    await store.close();
  });

  it('refuses to open a file with pending migrations under migrate: false, and opens it once migrated', async () => {
    const filename = join(directory.path, 'deploy-step.db');
    const error = await expectRejectedCode(
      createSqliteEventStore({ filename, migrate: false }),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('lacks migration 0001-init');
    expect(error.message).toContain('store.migrate()');
    expect(tablesOf(filename)).toEqual([]);

    const migrating = await createSqliteEventStore({ filename });
    await migrating.close();
    const store = await createSqliteEventStore({ filename, migrate: false });
    await store.append('run-1', makeEvents(2));
    expect(await collect(store.readStream('run-1'))).toHaveLength(2);
    await store.close();
  });

  it('refuses a file migrated by a newer version of the package, naming the unknown migration', async () => {
    const filename = join(directory.path, 'newer.db');
    const store = await createSqliteEventStore({ filename });
    await store.close();
    const database = new BetterSqlite3(filename);
    database
      .prepare('insert into agenticflow_migrations (name, timestamp) values (?, ?)')
      .run('0002-from-the-future', new Date().toISOString());
    database.close();
    for (const migrate of [true, false]) {
      const error = await expectRejectedCode(
        createSqliteEventStore({ filename, migrate }),
        'INVALID_CONFIGURATION',
      );
      expect(error.message).toContain('0002-from-the-future');
      expect(error.message).toContain('upgrade @agenticflow/storage-sqlite');
    }
  });

  it('lets stores on one file migrate at the same time, applying each migration once', async () => {
    const filename = join(directory.path, 'together.db');
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => createSqliteEventStore({ filename })),
    );
    const database = new BetterSqlite3(filename, { readonly: true });
    expect(database.prepare('select name from agenticflow_migrations').pluck().all()).toEqual([
      '0001-init',
    ]);
    database.close();
    await Promise.all(stores.map((store) => store.close()));
  });
});
