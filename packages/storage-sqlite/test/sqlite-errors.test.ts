import { join } from 'node:path';
import { collect, hasErrorCode } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySqliteError } from '../src/classify-sqlite-error.js';
import { createSqliteEventStore, type SqliteEventStore } from '../src/index.js';
import { tempDirectory } from './temp-database.js';

const directory = tempDirectory();
const filename = join(directory.path, 'errors.db');
let store: SqliteEventStore;
beforeAll(async () => {
  store = await createSqliteEventStore({ filename, busyTimeoutMs: 100 });
});
afterAll(async () => {
  await store.close();
  directory.remove();
});

const context = {
  operation: 'append to stream s',
  filename: '/data/events.db',
  busyTimeoutMs: 5000,
};

describe('SQLite errors', () => {
  it('fails an append with a retryable TIMEOUT after busyTimeoutMs while another connection holds the write lock, then succeeds once it is released', async () => {
    const other = new BetterSqlite3(filename);
    const streamId = uniqueStreamId();
    other.exec('begin immediate');
    const startedAt = performance.now();
    const error = await expectRejectedCode(store.append(streamId, makeEvents(1)), 'TIMEOUT');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(90);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('busyTimeoutMs (100 ms)');
    expect(error.message).toContain(filename);
    expect(error.details).toMatchObject({ sqliteCode: 'SQLITE_BUSY', busyTimeoutMs: 100 });
    other.exec('rollback');
    other.close();
    const result = await store.append(streamId, makeEvents(1), { expectedVersion: 'no_stream' });
    expect(result.nextExpectedVersion).toBe(1);
  });

  it('keeps reading while another connection holds the write lock', async () => {
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(2));
    const other = new BetterSqlite3(filename);
    other.exec('begin immediate');
    other
      .prepare(
        `insert into agenticflow_events (id, stream_id, version, type, data, metadata, time)
       values ('00000000-0000-7000-8000-000000000001', ?, 3, 'test.uncommitted', '{}', '{}', '2026-01-01T00:00:00.000Z')`,
      )
      .run(streamId);
    expect(await collect(store.readStream(streamId))).toHaveLength(2);
    other.exec('rollback');
    other.close();
  });

  it('fails with INVALID_CONFIGURATION when the tables are gone', async () => {
    const path = join(directory.path, 'dropped.db');
    const dropped = await createSqliteEventStore({ filename: path });
    const other = new BetterSqlite3(path);
    other.exec('drop table agenticflow_deleted_streams');
    other.close();
    const error = await expectRejectedCode(
      dropped.append('run-1', makeEvents(1)),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain('store.migrate()');
    await dropped.close();
  });

  it('fails with CLOSED when the user closes the Database the store was given', async () => {
    const database = new BetterSqlite3(join(directory.path, 'user-closed.db'));
    const owned = await createSqliteEventStore({ database });
    database.close();
    await expectRejectedCode(owned.append('run-1', makeEvents(1)), 'CLOSED');
    await expectRejectedCode(collect(owned.readAll()), 'CLOSED');
    await owned.close();
  });

  it('classifies SQLite result codes by what the caller can do about them', () => {
    const error = (message: string, code: string) => new BetterSqlite3.SqliteError(message, code);
    const cases: Array<[string, string, boolean]> = [
      ['SQLITE_BUSY_SNAPSHOT', 'TIMEOUT', true],
      ['SQLITE_LOCKED_SHAREDCACHE', 'TIMEOUT', true],
      ['SQLITE_IOERR_FSYNC', 'CONNECTION_FAILED', true],
      ['SQLITE_READONLY_DBMOVED', 'INVALID_CONFIGURATION', false],
      ['SQLITE_CANTOPEN', 'INVALID_CONFIGURATION', false],
      ['SQLITE_FULL', 'INTERNAL', false],
      ['SQLITE_CORRUPT', 'INTERNAL', false],
    ];
    for (const [code, expected, retryable] of cases) {
      const classified = classifySqliteError(error(`native ${code}`, code), context);
      expect([classified.code, classified.retryable], code).toEqual([expected, retryable]);
      expect(classified.message).toContain('/data/events.db');
      expect(classified.details).toMatchObject({ sqliteCode: code });
      expect(classified.cause).toBeInstanceOf(BetterSqlite3.SqliteError);
    }
    const closed = classifySqliteError(
      new TypeError('The database connection is not open'),
      context,
    );
    expect(hasErrorCode(closed, 'CLOSED')).toBe(true);
  });
});
