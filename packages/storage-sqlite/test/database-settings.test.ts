import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { collect } from '@agenticflow/core';
import { makeEvents } from '@agenticflow/core/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../src/index.js';
import { tempDirectory } from './temp-database.js';

const directory = tempDirectory();
afterAll(() => directory.remove());

function pragmas(database: BetterSqlite3.Database) {
  return {
    journalMode: database.pragma('journal_mode', { simple: true }),
    synchronous: database.pragma('synchronous', { simple: true }),
    busyTimeout: database.pragma('busy_timeout', { simple: true }),
  };
}

describe('SqliteEventStore database settings', () => {
  it('puts a file in WAL mode with synchronous FULL and a 5 s busy timeout by default', async () => {
    const database = new BetterSqlite3(join(directory.path, 'defaults.db'));
    const store = await createSqliteEventStore({ database });
    expect(pragmas(database)).toEqual({ journalMode: 'wal', synchronous: 2, busyTimeout: 5000 });
    expect(store.capabilities).toMatchObject({ durable: true, multiProcess: true });
    await store.close();
    database.close();
  });

  it('applies the synchronous level and busy timeout it is given', async () => {
    const database = new BetterSqlite3(join(directory.path, 'tuned.db'));
    const store = await createSqliteEventStore({
      database,
      synchronous: 'normal',
      busyTimeoutMs: 250,
    });
    expect(pragmas(database)).toEqual({ journalMode: 'wal', synchronous: 1, busyTimeout: 250 });
    await store.close();
    const extra = await createSqliteEventStore({ database, synchronous: 'extra' });
    expect(pragmas(database).synchronous).toBe(3);
    await extra.close();
    database.close();
  });

  it('creates the directory of a new database file and keeps its events across reopening', async () => {
    const filename = join(directory.path, 'nested', 'deeper', 'events.db');
    const first = await createSqliteEventStore({ filename });
    expect(first.filename).toBe(filename);
    await first.append('run-1', makeEvents(3), { expectedVersion: 'no_stream' });
    await first.close();
    expect(existsSync(filename)).toBe(true);
    const second = await createSqliteEventStore({ filename });
    expect((await collect(second.readStream('run-1'))).map((event) => event.version)).toEqual([
      1, 2, 3,
    ]);
    await second.close();
  });

  it("declares ':memory:' neither durable nor shared between processes", async () => {
    const store = await createSqliteEventStore({ filename: ':memory:' });
    expect(store.filename).toBe(':memory:');
    expect(store.capabilities).toMatchObject({
      durable: false,
      multiProcess: false,
      liveNotifications: true,
    });
    await store.append('run-1', makeEvents(1));
    expect(await collect(store.readStream('run-1'))).toHaveLength(1);
    await store.close();
  });
});
