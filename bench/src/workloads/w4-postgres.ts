import { createPostgresEventStore } from '@agenticflow/storage-postgres';
import { runStoreThroughput, type StoreUnderTest } from '../drivers/store-throughput.js';
import { POSTGRES_URL, RawPgEventStore } from '../floors/raw-pg-event-store.js';
import { measure } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';
import { withBenchSchema } from './postgres-bench-schema.js';

const EVENT_TYPE = 'bench.step-recorded';
// Both systems get the same pool size, large enough for the 8 concurrent writers.
const POOL_SIZE = 10;

type SystemFactory = (schema: string) => Promise<StoreUnderTest>;

const agenticflowPostgres: SystemFactory = async (schema) => {
  const store = await createPostgresEventStore({
    connectionString: POSTGRES_URL,
    schema,
    poolSize: POOL_SIZE,
  });
  return {
    async append(streamId, payloads, expectedVersion) {
      const events = payloads.map((data) => ({ type: EVENT_TYPE, data }));
      return (await store.append(streamId, events, { expectedVersion })).nextExpectedVersion;
    },
    readStream: (streamId) => store.readStream(streamId),
    close: () => store.close(),
  };
};

const rawPg: SystemFactory = async (schema) => {
  const store = await RawPgEventStore.open(schema, POOL_SIZE);
  return {
    append: (streamId, payloads, expectedVersion) =>
      store.append(streamId, EVENT_TYPE, payloads, expectedVersion),
    readStream: (streamId) => store.readStream(streamId),
    close: () => store.close(),
  };
};

/** One shape of W4: the AgenticFlow store and its raw floor, with the same batch and writers. */
interface Shape {
  readonly agenticflow: string;
  readonly raw: string;
  readonly batch: number;
  readonly writers: number;
}

/**
 * Each shape warms both systems up on a small run, then measures them as pairs: every sample runs
 * the AgenticFlow store and the raw floor back to back on 20,000 events, in alternating order, so
 * both see the same disk (commit latency drifts with the machine's other work) and table sizes.
 * Stream ids are unique per run (`pid` and a counter).
 */
async function runShapes(
  context: WorkloadContext,
  part: string,
  shapes: readonly Shape[],
  options: { readonly warmupEvents: number; readonly repeats: number },
): Promise<void> {
  await withBenchSchema(part, async (schema) => {
    const agenticflow = await agenticflowPostgres(schema);
    const raw = await rawPg(schema);
    let runs = 0;
    try {
      for (const [index, { batch, writers, ...names }] of shapes.entries()) {
        const once = (store: StoreUnderTest, events?: number) =>
          runStoreThroughput(store, {
            batch,
            writers,
            streamPrefix: `bench-${process.pid}-${runs++}`,
            ...(events === undefined ? {} : { events }),
          });
        await once(agenticflow, options.warmupEvents);
        await once(raw, options.warmupEvents);
        let samples = 0;
        const figures = await measure(
          {
            label: `${names.agenticflow} + ${names.raw}`,
            budget: context.budget,
            share: 1 / (shapes.length - index),
            warmups: 0,
            repeats: options.repeats,
            minRepeats: 1,
          },
          async () => {
            const afFirst = samples++ % 2 === 0;
            const first = await once(afFirst ? agenticflow : raw);
            const second = await once(afFirst ? raw : agenticflow);
            const [af, floor] = afFirst ? [first, second] : [second, first];
            return {
              af_append: af.append_events_per_s!,
              af_read: af.read_events_per_s!,
              raw_append: floor.append_events_per_s!,
              raw_read: floor.read_events_per_s!,
            };
          },
        );
        context.emit(names.agenticflow, 'append_events_per_s', figures.af_append!, 'events/s');
        context.emit(names.agenticflow, 'read_events_per_s', figures.af_read!, 'events/s');
        context.emit(names.raw, 'append_events_per_s', figures.raw_append!, 'events/s');
        context.emit(names.raw, 'read_events_per_s', figures.raw_read!, 'events/s');
      }
    } finally {
      await agenticflow.close();
      await raw.close();
    }
  });
}

/** W4 on PostgreSQL, one event per append, one writer: about 9 s per system and run. */
export const w4PostgresSingle: Workload = {
  id: 'W4',
  part: 'postgres-single',
  title:
    'PostgreSQL store: append 20,000 ≈300-byte events over 200 streams, 1 per append, read them back',
  budgetMs: 45_000,
  run: (context) =>
    runShapes(
      context,
      'w4s',
      [{ agenticflow: 'agenticflow-postgres-single', raw: 'raw-pg-single', batch: 1, writers: 1 }],
      { warmupEvents: 400, repeats: 2 },
    ),
};

/** W4 on PostgreSQL, one event per append, 8 concurrent writers. */
export const w4PostgresC8: Workload = {
  id: 'W4',
  part: 'postgres-c8',
  title:
    'PostgreSQL store: append 20,000 ≈300-byte events over 200 streams, 1 per append by 8 writers, read them back',
  budgetMs: 25_000,
  run: (context) =>
    runShapes(
      context,
      'w4c',
      [
        {
          agenticflow: 'agenticflow-postgres-single-c8',
          raw: 'raw-pg-single-c8',
          batch: 1,
          writers: 8,
        },
      ],
      { warmupEvents: 400, repeats: 3 },
    ),
};

/** W4 on PostgreSQL, 100 events per append. */
export const w4PostgresBatch: Workload = {
  id: 'W4',
  part: 'postgres-batch',
  title:
    'PostgreSQL store: append 20,000 ≈300-byte events over 200 streams, 100 per append, read them back',
  budgetMs: 20_000,
  run: (context) =>
    runShapes(
      context,
      'w4b',
      [
        {
          agenticflow: 'agenticflow-postgres-batch100',
          raw: 'raw-pg-batch100',
          batch: 100,
          writers: 1,
        },
      ],
      { warmupEvents: 20_000, repeats: 5 },
    ),
};
