import { type AgenticEvent, InMemoryEventStore } from '@agenticflow/core';
import { PlainJsEventStore, type PlainStoredEvent } from '../floors/plain-js-event-store.js';
import { expectEqual, expectTrue, ResultCheckError } from '../harness/checks.js';
import { measure, perSecond, type Sample } from '../harness/measure.js';
import { type BenchPayload, makePayload } from '../harness/payload.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const STREAMS = 200;
const EVENTS = 20_000;
const EVENTS_PER_STREAM = EVENTS / STREAMS;
const EVENT_TYPE = 'bench.step-recorded';
// Built once, outside the timed loops; both stores copy `data`, so sharing the objects is safe.
let payloads: BenchPayload[] | undefined;
const payload = (seq: number) => {
  payloads ??= Array.from({ length: EVENTS }, (_, index) => makePayload(index));
  return payloads[seq]!;
};

/** The one shape both systems are driven through, so they do exactly the same work. */
interface StoreUnderTest {
  append(streamId: string, seqs: readonly number[], expectedVersion: number): Promise<number>;
  readStream(streamId: string): AsyncIterable<AgenticEvent | PlainStoredEvent>;
  readAll(): AsyncIterable<AgenticEvent | PlainStoredEvent>;
}

function agenticflowStore(): StoreUnderTest {
  const store = new InMemoryEventStore();
  return {
    async append(streamId, seqs, expectedVersion) {
      const events = seqs.map((seq) => ({ type: EVENT_TYPE, data: payload(seq) }));
      const result = await store.append(streamId, events, { expectedVersion });
      return result.nextExpectedVersion;
    },
    readStream: (streamId) => store.readStream(streamId),
    readAll: () => store.readAll(),
  };
}

function plainJsStore(): StoreUnderTest {
  const store = new PlainJsEventStore();
  return {
    append(streamId, seqs, expectedVersion) {
      const events = seqs.map((seq) => ({ type: EVENT_TYPE, data: payload(seq) }));
      return store.append(streamId, events, expectedVersion);
    },
    readStream: (streamId) => store.readStream(streamId),
    readAll: () => store.readAll(),
  };
}

const streamId = (index: number) => `bench-run-${index}`;

/**
 * Appends 20,000 events round-robin over 200 streams, `batch` events per append with an exact
 * expected version, reads every stream back and then the whole log, and checks what came back.
 */
async function runOnce(create: () => StoreUnderTest, batch: number): Promise<Sample> {
  const store = create();
  const versions = new Array<number>(STREAMS).fill(0);
  const appendStartedAt = performance.now();
  for (let round = 0; round < EVENTS_PER_STREAM / batch; round++) {
    for (let stream = 0; stream < STREAMS; stream++) {
      const first = round * batch * STREAMS + stream * batch;
      const seqs = Array.from({ length: batch }, (_, offset) => first + offset);
      const next = await store.append(streamId(stream), seqs, versions[stream]!);
      if (next !== versions[stream]! + batch) {
        throw new ResultCheckError(
          `${streamId(stream)} is at version ${next} after an append, expected ${versions[stream]! + batch}`,
        );
      }
      versions[stream] = next;
    }
  }
  const appendMs = performance.now() - appendStartedAt;

  const readStartedAt = performance.now();
  let read = 0;
  for (let stream = 0; stream < STREAMS; stream++) {
    let version = 0;
    for await (const event of store.readStream(streamId(stream))) {
      // Checked inline: building a message per event would cost more than the read.
      if (event.version !== ++version) {
        throw new ResultCheckError(
          `read version ${event.version} from ${streamId(stream)}, expected ${version}`,
        );
      }
      read++;
    }
    expectEqual(version, EVENTS_PER_STREAM, `events read back from ${streamId(stream)}`);
  }
  const readMs = performance.now() - readStartedAt;
  expectEqual(read, EVENTS, 'events read back with readStream');

  const readAllStartedAt = performance.now();
  const seen = new Uint8Array(EVENTS);
  let lastPosition = 0;
  for await (const event of store.readAll()) {
    const position = Number(event.position);
    if (position <= lastPosition) {
      throw new ResultCheckError(`readAll returned position ${position} after ${lastPosition}`);
    }
    lastPosition = position;
    seen[(event.data as BenchPayload).seq]!++;
  }
  const readAllMs = performance.now() - readAllStartedAt;
  expectTrue(
    seen.every((times) => times === 1),
    'readAll must return every appended event once',
  );

  return {
    append_events_per_s: perSecond(EVENTS, appendMs),
    read_events_per_s: perSecond(EVENTS, readMs),
    read_all_events_per_s: perSecond(EVENTS, readAllMs),
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
        () => runOnce(create, batch),
      );
      context.emit(system, 'append_events_per_s', figures.append_events_per_s!, 'events/s');
      context.emit(system, 'read_events_per_s', figures.read_events_per_s!, 'events/s');
      context.emit(system, 'read_all_events_per_s', figures.read_all_events_per_s!, 'events/s');
    }
  },
};
