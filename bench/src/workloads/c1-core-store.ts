import { InMemoryEventStore } from '@agenticflow/core';
import { runStoreThroughput, type StoreUnderTest } from '../drivers/store-throughput.js';
import { PlainJsEventStore } from '../floors/plain-js-event-store.js';
import { measure } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const EVENT_TYPE = 'bench.step-recorded';

function agenticflowStore(): StoreUnderTest {
  const store = new InMemoryEventStore();
  return {
    async append(streamId, payloads, expectedVersion) {
      const events = payloads.map((data) => ({ type: EVENT_TYPE, data }));
      return (await store.append(streamId, events, { expectedVersion })).nextExpectedVersion;
    },
    readStream: (streamId) => store.readStream(streamId),
    readAll: () => store.readAll(),
    close: () => store.close(),
  };
}

function plainJsStore(): StoreUnderTest {
  const store = new PlainJsEventStore();
  return {
    append: (streamId, payloads, expectedVersion) =>
      store.append(
        streamId,
        payloads.map((data) => ({ type: EVENT_TYPE, data })),
        expectedVersion,
      ),
    readStream: (streamId) => store.readStream(streamId),
    readAll: () => store.readAll(),
    close: async () => {},
  };
}

const SYSTEMS = [
  { system: 'agenticflow-memory-single', create: agenticflowStore, batch: 1 },
  { system: 'agenticflow-memory-batch100', create: agenticflowStore, batch: 100 },
  { system: 'plain-js', create: plainJsStore, batch: 1 },
  { system: 'plain-js-batch100', create: plainJsStore, batch: 100 },
] as const;

/** C1: core's InMemoryEventStore against a plain-JS log, appends and reads. */
export const c1CoreStore: Workload = {
  id: 'C1',
  title: 'InMemoryEventStore: append 20,000 ≈300-byte events over 200 streams, read them back',
  budgetMs: 20_000,
  async run(context: WorkloadContext) {
    for (const [index, { system, create, batch }] of SYSTEMS.entries()) {
      const figures = await measure(
        { label: system, budget: context.budget, share: 1 / (SYSTEMS.length - index) },
        async () => {
          const store = create();
          try {
            return await runStoreThroughput(store, {
              batch,
              writers: 1,
              streamPrefix: 'bench-run',
            });
          } finally {
            await store.close();
          }
        },
      );
      context.emit(system, 'append_events_per_s', figures.append_events_per_s!, 'events/s');
      context.emit(system, 'read_events_per_s', figures.read_events_per_s!, 'events/s');
      context.emit(system, 'read_all_events_per_s', figures.read_all_events_per_s!, 'events/s');
    }
  },
};
