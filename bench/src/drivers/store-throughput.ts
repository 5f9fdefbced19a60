import { expectEqual, expectTrue, ResultCheckError } from '../harness/checks.js';
import { perSecond, type Sample } from '../harness/measure.js';
import { type BenchPayload, makePayload } from '../harness/payload.js';

/** Streams and events of one run (BENCH.md C1 and W4). */
export const STREAMS = 200;
export const EVENTS = 20_000;

/** What the driver reads back. */
export interface ReadBackEvent {
  readonly version: number;
  readonly data: unknown;
}

/**
 * The one shape every event store system is driven through, so all of them do exactly the same
 * work: an AgenticFlow store and its raw floor alike.
 */
export interface StoreUnderTest {
  /** Appends the payloads as events, checking `expectedVersion`; resolves to the new version. */
  append(
    streamId: string,
    payloads: readonly BenchPayload[],
    expectedVersion: number,
  ): Promise<number>;
  /** Every event of a stream in version order. */
  readStream(streamId: string): AsyncIterable<ReadBackEvent>;
  /** Every event of the run in global order, when the system has one (checked and timed). */
  readAll?(): AsyncIterable<ReadBackEvent & { readonly position: bigint | number }>;
  close(): Promise<void>;
}

/** Shape of a run. */
export interface StoreThroughputOptions {
  /** Events per append. */
  readonly batch: number;
  /** Concurrent writers; writer `w` owns the streams whose index is `w` modulo `writers`. */
  readonly writers: number;
  /** Prefix of this run's stream ids, unique per run on a persistent store. */
  readonly streamPrefix: string;
  /** Events to append (a multiple of 200 × batch); @defaultValue 20,000 */
  readonly events?: number;
}

// Built once, outside the timed loops; stores copy or serialize `data`, so sharing is safe.
let payloads: BenchPayload[] | undefined;
function payloadsFor(first: number, count: number): BenchPayload[] {
  payloads ??= Array.from({ length: EVENTS }, (_, index) => makePayload(index));
  return payloads.slice(first, first + count);
}

/**
 * Appends `events` ≈300-byte events round-robin over 200 streams, `batch` per append with an exact
 * expected version, by `writers` concurrent writers; then reads every stream back (and the global
 * log, when the system has one) and checks every version and payload. Returns events/s figures.
 */
export async function runStoreThroughput(
  store: StoreUnderTest,
  options: StoreThroughputOptions,
): Promise<Sample> {
  const events = options.events ?? EVENTS;
  const perStream = events / STREAMS;
  expectTrue(
    Number.isInteger(perStream / options.batch),
    `${events} events do not split into batches of ${options.batch}`,
  );
  const streamId = (index: number) => `${options.streamPrefix}-${index}`;

  const appendStartedAt = performance.now();
  await Promise.all(
    Array.from({ length: options.writers }, async (_, writer) => {
      const owned = Array.from({ length: STREAMS }, (_, index) => index).filter(
        (index) => index % options.writers === writer,
      );
      const versions = new Map(owned.map((index) => [index, 0]));
      for (let round = 0; round < perStream / options.batch; round++) {
        for (const stream of owned) {
          const first = round * options.batch * STREAMS + stream * options.batch;
          const version = versions.get(stream)!;
          const next = await store.append(
            streamId(stream),
            payloadsFor(first, options.batch),
            version,
          );
          if (next !== version + options.batch) {
            throw new ResultCheckError(
              `${streamId(stream)} is at version ${next} after an append, expected ${version + options.batch}`,
            );
          }
          versions.set(stream, next);
        }
      }
    }),
  );
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
    expectEqual(version, perStream, `events read back from ${streamId(stream)}`);
  }
  const readMs = performance.now() - readStartedAt;
  expectEqual(read, events, 'events read back with readStream');
  const figures: Record<string, number> = {
    append_events_per_s: perSecond(events, appendMs),
    read_events_per_s: perSecond(events, readMs),
  };
  if (store.readAll) figures.read_all_events_per_s = await timeReadAll(store.readAll(), events);
  return figures;
}

async function timeReadAll(
  log: AsyncIterable<ReadBackEvent & { readonly position: bigint | number }>,
  events: number,
): Promise<number> {
  const startedAt = performance.now();
  const seen = new Uint8Array(EVENTS);
  let lastPosition = -1;
  let count = 0;
  for await (const event of log) {
    const position = Number(event.position);
    if (position <= lastPosition)
      throw new ResultCheckError(`readAll returned position ${position} after ${lastPosition}`);
    lastPosition = position;
    seen[(event.data as BenchPayload).seq]!++;
    count++;
  }
  const ms = performance.now() - startedAt;
  expectEqual(count, events, 'events returned by readAll');
  expectTrue(
    seen.slice(0, events).every((times) => times === 1),
    'readAll must return every appended event once',
  );
  return perSecond(events, ms);
}
