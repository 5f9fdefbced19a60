import { join } from 'node:path';
import { describeEventStoreConformance } from '@agenticflow/conformance';
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll } from 'vitest';
import { createSqliteEventStore } from '../src/index.js';
import { tempDirectory } from './temp-database.js';

const directory = tempDirectory();
afterAll(() => directory.remove());

describeEventStoreConformance({
  name: 'sqlite (file, synchronous full)',
  create: () => createSqliteEventStore({ filename: join(directory.path, 'events.db') }),
});

// The user owns the connection: the store must leave it open, so the harness closes it.
const owned = new Map<object, BetterSqlite3.Database>();
describeEventStoreConformance({
  name: 'sqlite (user-supplied better-sqlite3 Database with safe integers, synchronous normal, 4 KiB events)',
  create: async () => {
    const database = new BetterSqlite3(join(directory.path, 'owned.db'));
    // Integers then come back as BigInts: the store must read them either way.
    database.defaultSafeIntegers(true);
    const store = await createSqliteEventStore({
      database,
      synchronous: 'normal',
      maxEventBytes: 4096,
    });
    owned.set(store, database);
    return store;
  },
  destroy: async (store) => {
    await store.close();
    const database = owned.get(store);
    if (database === undefined) return;
    owned.delete(store);
    if (!database.open) throw new Error('closing the store closed the user-supplied Database');
    database.close();
  },
});

// A kysely instance the user owns, with a plugin that renames columns: the store must use its
// connection without the plugin, and never destroy it.
const kyselys = new Map<object, Kysely<unknown>>();
describeEventStoreConformance({
  name: 'sqlite (user-supplied Kysely instance with CamelCasePlugin)',
  create: async () => {
    const kysely = new Kysely<unknown>({
      dialect: new SqliteDialect({
        database: new BetterSqlite3(join(directory.path, 'kysely.db')),
      }),
      plugins: [new CamelCasePlugin()],
    });
    const store = await createSqliteEventStore({ kysely });
    kyselys.set(store, kysely);
    return store;
  },
  destroy: async (store) => {
    await store.close();
    const kysely = kyselys.get(store);
    if (kysely === undefined) return;
    kyselys.delete(store);
    // Fails if the store destroyed the instance it was given.
    await sql`select 1`.execute(kysely);
    await kysely.destroy();
  },
});
