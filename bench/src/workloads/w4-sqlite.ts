import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { runStoreThroughput, type StoreUnderTest } from '../drivers/store-throughput.js';
import { RawSqliteEventStore } from '../floors/raw-sqlite-event-store.js';
import { measure } from '../harness/measure.js';
import { tempDatabaseFile } from '../harness/temp-file.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const EVENT_TYPE = 'bench.step-recorded';

/** A store on a fresh file, so `readAll` returns exactly this run's events. */
type SystemFactory = (filename: string) => Promise<StoreUnderTest>;

const agenticflowSqlite: SystemFactory = async (filename) => {
  const store = await createSqliteEventStore({ filename, synchronous: 'full' });
  return {
    async append(streamId, payloads, expectedVersion) {
      const events = payloads.map((data) => ({ type: EVENT_TYPE, data }));
      return (await store.append(streamId, events, { expectedVersion })).nextExpectedVersion;
    },
    readStream: (streamId) => store.readStream(streamId),
    readAll: () => store.readAll(),
    close: () => store.close(),
  };
};

const rawSqlite: SystemFactory = async (filename) => {
  const store = new RawSqliteEventStore(filename);
  return {
    append: (streamId, payloads, expectedVersion) =>
      store.append(streamId, EVENT_TYPE, payloads, expectedVersion),
    readStream: (streamId) => store.readStream(streamId),
    readAll: () => store.readAll(),
    close: () => store.close(),
  };
};

// One event per append costs a synced commit each, several seconds per run: single systems warm up
// on a tenth of the work (2,000 events) rather than a whole run, and may be measured once.
const SYSTEMS = [
  { system: 'agenticflow-sqlite-single', create: agenticflowSqlite, batch: 1 },
  { system: 'agenticflow-sqlite-batch100', create: agenticflowSqlite, batch: 100 },
  { system: 'raw-sqlite-single', create: rawSqlite, batch: 1 },
  { system: 'raw-sqlite-batch100', create: rawSqlite, batch: 100 },
] as const;

async function runOnce(create: SystemFactory, batch: number, events?: number) {
  const file = tempDatabaseFile('af-bench-w4');
  const store = await create(file.path);
  try {
    return await runStoreThroughput(store, {
      batch,
      writers: 1,
      streamPrefix: 'bench-run',
      ...(events === undefined ? {} : { events }),
    });
  } finally {
    await store.close();
    file.remove();
  }
}

/** W4 on SQLite: append 20,000 events over 200 streams (1 or 100 per append), read them back. */
export const w4Sqlite: Workload = {
  id: 'W4',
  part: 'sqlite',
  title:
    'SQLite store: append 20,000 ≈300-byte events over 200 streams with expected versions, read them back',
  budgetMs: 40_000,
  async run(context: WorkloadContext) {
    for (const [index, { system, create, batch }] of SYSTEMS.entries()) {
      if (batch === 1) await runOnce(create, batch, 2_000);
      const figures = await measure(
        {
          label: system,
          budget: context.budget,
          share: 1 / (SYSTEMS.length - index),
          warmups: batch === 1 ? 0 : 1,
          minRepeats: 1,
        },
        () => runOnce(create, batch),
      );
      context.emit(system, 'append_events_per_s', figures.append_events_per_s!, 'events/s');
      context.emit(system, 'read_events_per_s', figures.read_events_per_s!, 'events/s');
      context.emit(system, 'read_all_events_per_s', figures.read_all_events_per_s!, 'events/s');
    }
  },
};
