import {
  ClosedError,
  PayloadTooLargeError,
  StreamDeletedError,
  ValidationError,
} from '../errors/core-errors.js';
import type { AgenticEvent, NewEvent } from '../events/envelope.js';
import { assertStreamId, type PreparedEvent, prepareEvents } from '../events/prepare-events.js';
import { otelApi } from '../tracing/otel-api.js';
import { appendWithSpan } from '../tracing/store-spans.js';
import { type Clock, isoFromEpochMs, isoTime, systemClock } from '../util/clock.js';
import { checkJson, jsonByteLength } from '../util/json.js';
import { createUuidV7Source, type IdGenerator } from '../util/uuid.js';
import { type CatchUpSource, startCatchUpSubscription } from './catch-up-subscription.js';
import { EventIdIndex, partialRetry } from './event-id-index.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SaveSnapshotInput,
  Snapshot,
  StoreSubscribeOptions,
  StoreSubscription,
} from './event-store.js';
import {
  DEFAULT_MAX_EVENT_BYTES,
  type EventStoreCapabilities,
  eventStoreCapabilities,
} from './event-store-capabilities.js';
import { assertExpectedVersion, checkExpectedVersion } from './expected-version.js';
import {
  validateReadAllOptions,
  validateReadStreamOptions,
  validateSnapshotInput,
} from './read-options.js';

/** Options of {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** Largest `data` plus `metadata` of one event, in bytes. @defaultValue 1 MiB */
  readonly maxEventBytes?: number;
  /** Largest snapshot state, in bytes. @defaultValue 16 MiB */
  readonly maxSnapshotBytes?: number;
  /** Source of event times. @defaultValue the system clock */
  readonly clock?: Clock;
  /** Generates ids of events appended without one. @defaultValue UUIDv7 on `clock` */
  readonly newId?: IdGenerator;
}

interface StreamRecord {
  readonly events: AgenticEvent[];
  deleted: boolean;
}

/**
 * The reference {@link EventStore}: everything in process memory, nothing durable. Use it for tests,
 * examples and single-process runs that need no persistence; it passes the same conformance suites
 * as the SQL stores. Events are deeply frozen, so a reader cannot change what is stored.
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore();
 * await store.append('run-1', [{ type: 'run.started', data: {} }], { expectedVersion: 'no_stream' });
 * ```
 */
export class InMemoryEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities;

  private readonly clock: Clock;
  private readonly newId: IdGenerator;
  /** Set when ids come from the store's own generator, which then shares the append's clock reading. */
  private readonly ownIds: boolean;
  /** The clock reading of the append under way (own ids only). */
  private appendMs = 0;
  private readonly maxSnapshotBytes: number;
  private readonly streams = new Map<string, StreamRecord>();
  private readonly eventIds = new EventIdIndex(
    (event) => this.streams.get(event.streamId)?.deleted === true,
  );
  private readonly consumerPositions = new Map<string, bigint>();
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<StoreSubscription>();
  private log: AgenticEvent[] = [];
  private deletedInLog = 0;
  private lastPosition = 0n;
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.capabilities = eventStoreCapabilities({
      maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    });
    this.clock = options.clock ?? systemClock;
    this.ownIds = options.newId === undefined;
    if (options.newId) {
      this.newId = options.newId;
    } else {
      const next = createUuidV7Source();
      this.newId = () => next(this.appendMs);
    }
    this.maxSnapshotBytes = options.maxSnapshotBytes ?? 16 * 1024 * 1024;
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const otel = otelApi();
    if (otel === undefined) return this.appendNow(streamId, events, options);
    return appendWithSpan(otel, 'agenticflow.memory', streamId, events, options, () =>
      this.appendNow(streamId, events, options),
    );
  }

  private async appendNow(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const expectedVersion = options.expectedVersion === undefined ? 'any' : options.expectedVersion;
    assertExpectedVersion(expectedVersion);
    // One clock reading per append gives the generated ids and the event time.
    if (this.ownIds) this.appendMs = this.clock.now();
    const prepared = prepareEvents(streamId, events, {
      maxEventBytes: this.capabilities.maxEventBytes,
      newId: this.newId,
      copy: true,
    });
    const stream = this.streams.get(streamId);
    if (stream?.deleted) throw new StreamDeletedError(streamId);
    const duplicate = this.findDuplicate(streamId, prepared);
    if (duplicate) return duplicate;
    const currentVersion = stream?.events.length ?? 0;
    checkExpectedVersion(streamId, expectedVersion, currentVersion);
    if (prepared.length === 0) {
      return {
        nextExpectedVersion: currentVersion,
        lastPosition: null,
        events: [],
        duplicate: false,
      };
    }
    return this.write(streamId, stream, prepared);
  }

  private write(
    streamId: string,
    existing: StreamRecord | undefined,
    prepared: readonly PreparedEvent[],
  ): AppendResult {
    const stream = existing ?? { events: [], deleted: false };
    if (!existing) this.streams.set(streamId, stream);
    const time = this.ownIds ? isoFromEpochMs(this.appendMs) : isoTime(this.clock);
    const stored: AgenticEvent[] = new Array(prepared.length);
    for (let index = 0; index < prepared.length; index++) {
      const event = prepared[index]!;
      const record: AgenticEvent = Object.freeze({
        id: event.id,
        type: event.type,
        streamId,
        version: stream.events.length + 1,
        position: ++this.lastPosition,
        time,
        data: event.data,
        metadata: event.metadata,
      });
      stream.events.push(record);
      this.log.push(record);
      this.eventIds.add(record);
      stored[index] = record;
    }
    if (this.listeners.size > 0) for (const listener of this.listeners) listener();
    return {
      nextExpectedVersion: stream.events.length,
      lastPosition: this.lastPosition,
      events: stored,
      duplicate: false,
    };
  }

  /** The original result when this exact batch is already stored; throws on a partial overlap. */
  private findDuplicate(
    streamId: string,
    prepared: readonly PreparedEvent[],
  ): AppendResult | undefined {
    if (prepared.length === 0) return undefined;
    const first = this.eventIds.get(prepared[0]!.id);
    if (first === undefined) {
      for (let index = 1; index < prepared.length; index++) {
        const id = prepared[index]!.id;
        if (this.eventIds.get(id) !== undefined) throw partialRetry(streamId, id);
      }
      return undefined;
    }
    const stream = this.streams.get(first.streamId);
    const original =
      stream?.events.slice(first.version - 1, first.version - 1 + prepared.length) ?? [];
    const same =
      first.streamId === streamId &&
      original.length === prepared.length &&
      original.every((event, index) => event.id === prepared[index]!.id);
    if (!same) throw partialRetry(streamId, first.id, first.streamId);
    const last = original[original.length - 1]!;
    return {
      nextExpectedVersion: last.version,
      lastPosition: last.position,
      events: original,
      duplicate: true,
    };
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<AgenticEvent> {
    this.assertOpen();
    validateReadStreamOptions(streamId, options);
    const stream = this.streams.get(streamId);
    if (!stream || stream.deleted) return;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    let yielded = 0;
    if (options.direction === 'backwards') {
      for (
        let index = Math.min(options.fromVersion ?? stream.events.length, stream.events.length) - 1;
        index >= 0 && yielded < limit;
        index--, yielded++
      ) {
        yield stream.events[index]!;
      }
      return;
    }
    for (
      let index = (options.fromVersion ?? 1) - 1;
      index < stream.events.length && yielded < limit;
      index++, yielded++
    ) {
      yield stream.events[index]!;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<AgenticEvent> {
    this.assertOpen();
    validateReadAllOptions(options);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const types = options.types ? new Set(options.types) : undefined;
    const prefix = options.streamPrefix;
    const log = this.log;
    let yielded = 0;
    for (
      let index = firstIndexAtOrAfter(log, options.fromPosition ?? 1n);
      index < log.length && yielded < limit;
      index++
    ) {
      const event = log[index]!;
      if (types && !types.has(event.type)) continue;
      if (prefix !== undefined && !event.streamId.startsWith(prefix)) continue;
      // After a compaction `log` is the old array and `deletedInLog` restarts at 0: check anyway.
      if ((this.deletedInLog > 0 || log !== this.log) && this.streams.get(event.streamId)?.deleted)
        continue;
      yielded++;
      yield event;
    }
  }

  subscribe(options: StoreSubscribeOptions): StoreSubscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(this.catchUpSource(), options);
    this.subscriptions.add(subscription);
    void subscription.ended.then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async getConsumerPosition(consumer: string): Promise<bigint | null> {
    this.assertOpen();
    return this.consumerPositions.get(consumer) ?? null;
  }

  async saveSnapshot(streamId: string, snapshot: SaveSnapshotInput): Promise<void> {
    this.assertOpen();
    validateSnapshotInput(streamId, snapshot);
    const stream = this.streams.get(streamId);
    if (stream?.deleted) throw new StreamDeletedError(streamId);
    const version = stream?.events.length ?? 0;
    if (snapshot.version > version) {
      throw new ValidationError(`invalid snapshot for ${streamId}`, [
        {
          path: ['version'],
          message: `${snapshot.version} is beyond the stream's version ${version}: snapshot only stored events`,
        },
      ]);
    }
    const issues: Array<{ path: Array<string | number>; message: string }> = [];
    const state = checkJson(snapshot.state, ['state'], issues, true);
    if (issues.length > 0) throw new ValidationError(`invalid snapshot for ${streamId}`, issues);
    if (state.maxBytes > this.maxSnapshotBytes) {
      const bytes = jsonByteLength(state.value);
      if (bytes > this.maxSnapshotBytes)
        throw new PayloadTooLargeError(
          'snapshot',
          bytes,
          this.maxSnapshotBytes,
          `for stream ${streamId}`,
        );
    }
    this.snapshots.set(
      streamId,
      Object.freeze({
        streamId,
        version: snapshot.version,
        state: state.value,
        schemaVersion: snapshot.schemaVersion ?? 1,
        time: isoTime(this.clock),
      }),
    );
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | null> {
    this.assertOpen();
    assertStreamId(streamId);
    return this.snapshots.get(streamId) ?? null;
  }

  async deleteStream(streamId: string): Promise<boolean> {
    this.assertOpen();
    assertStreamId(streamId);
    const stream = this.streams.get(streamId);
    if (!stream || stream.deleted) return false;
    stream.deleted = true;
    this.eventIds.delete(stream.events);
    this.deletedInLog += stream.events.length;
    stream.events.length = 0;
    this.snapshots.delete(streamId);
    if (this.deletedInLog > this.log.length / 2) this.compactLog();
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.listeners.clear();
  }

  private compactLog(): void {
    this.log = this.log.filter((event) => !this.streams.get(event.streamId)?.deleted);
    this.eventIds.compact();
    this.deletedInLog = 0;
  }

  private catchUpSource(): CatchUpSource {
    return {
      readAll: (options) => this.readAll(options),
      headPosition: async () => this.lastPosition,
      onAppend: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      pollIntervalMs: 0,
      loadPosition: async (consumer) => this.consumerPositions.get(consumer) ?? null,
      savePosition: async (consumer, position) => {
        const stored = this.consumerPositions.get(consumer);
        if (stored === undefined || position > stored)
          this.consumerPositions.set(consumer, position);
      },
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError('InMemoryEventStore');
  }
}

/** Index of the first event at or after `position` in a log sorted by position. */
function firstIndexAtOrAfter(log: readonly AgenticEvent[], position: bigint): number {
  let low = 0;
  let high = log.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (log[mid]!.position < position) low = mid + 1;
    else high = mid;
  }
  return low;
}
