import { join } from 'node:path';
import { newId, systemClock } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsumerPosition, saveConsumerPosition } from '../src/consumer-positions.js';
import { createSqliteEventStore, type SqliteEventStore } from '../src/index.js';
import { openDatabase } from '../src/open-database.js';
import { resolveSqliteEventStoreOptions } from '../src/sqlite-event-store-options.js';
import { tempDirectory } from './temp-database.js';

const directory = tempDirectory();
let store: SqliteEventStore;
beforeAll(async () => {
  store = await createSqliteEventStore({
    filename: join(directory.path, 'snapshots.db'),
    maxSnapshotBytes: 1_000,
  });
});
afterAll(async () => {
  await store.close();
  directory.remove();
});

describe('SqliteEventStore snapshots and consumers', () => {
  it('rejects a snapshot over maxSnapshotBytes with PAYLOAD_TOO_LARGE, keeping the previous one', async () => {
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(2));
    await store.saveSnapshot(streamId, { version: 1, state: { small: true } });
    const error = await expectRejectedCode(
      store.saveSnapshot(streamId, { version: 2, state: { text: 'x'.repeat(2_000) } }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ kind: 'snapshot', limit: 1_000 });
    expect(await store.loadSnapshot(streamId)).toMatchObject({
      version: 1,
      state: { small: true },
    });
  });

  it('refuses a snapshot of a deleted stream with STREAM_DELETED', async () => {
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(1));
    await store.deleteStream(streamId);
    await expectRejectedCode(
      store.saveSnapshot(streamId, { version: 1, state: 1 }),
      'STREAM_DELETED',
    );
    expect(await store.loadSnapshot(streamId)).toBeNull();
  });

  it('never moves a stored consumer position backwards, as two copies of one consumer would try', async () => {
    const opened = await openDatabase(
      resolveSqliteEventStoreOptions({ filename: join(directory.path, 'snapshots.db') }),
    );
    const context = {
      db: opened.db,
      filename: opened.filename,
      busyTimeoutMs: 5_000,
      maxEventBytes: 1_000,
      maxSnapshotBytes: 1_000,
      clock: systemClock,
      newId,
    };
    const consumer = uniqueStreamId('consumer');
    await saveConsumerPosition(context, consumer, 10n);
    await saveConsumerPosition(context, consumer, 5n);
    expect(await loadConsumerPosition(context, consumer)).toBe(10n);
    await saveConsumerPosition(context, consumer, 12n);
    expect(await store.getConsumerPosition(consumer)).toBe(12n);
    await opened.db.destroy();
  });

  it('rejects an empty consumer name', async () => {
    await expectRejectedCode(store.getConsumerPosition(''), 'VALIDATION_FAILED');
  });
});
