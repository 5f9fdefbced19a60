import type { AgenticEvent, NewEvent } from '../events/envelope.js';
import type { JsonValue } from '../util/json.js';
import type { EventStoreCapabilities } from './event-store-capabilities.js';
import type { ExpectedVersion } from './expected-version.js';

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  /**
   * The state the stream must be in; a mismatch throws `EXPECTED_VERSION_CONFLICT` and writes
   * nothing.
   * @defaultValue 'any'
   */
  readonly expectedVersion?: ExpectedVersion;
}

/** What an append stored. */
export interface AppendResult {
  /** The stream's version after the append: pass it as the next `expectedVersion`. */
  readonly nextExpectedVersion: number;
  /** Global position of the last event of this append; `null` when nothing was appended. */
  readonly lastPosition: bigint | null;
  /** The events as stored, with versions, positions and times. */
  readonly events: readonly AgenticEvent[];
  /**
   * `true` when every event id was already stored by an earlier append of the same batch, so
   * nothing was written and this is that earlier append's result.
   */
  readonly duplicate: boolean;
}

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /**
   * First version to return (inclusive).
   * @defaultValue 1 going forwards, the last version going backwards
   */
  readonly fromVersion?: number;
  /** Most events to return. @defaultValue unlimited */
  readonly limit?: number;
  /** @defaultValue 'forwards' */
  readonly direction?: 'forwards' | 'backwards';
}

/** Which events a global read or subscription returns. */
export interface EventFilter {
  /** Only events of these types. */
  readonly types?: readonly string[];
  /** Only events of streams whose id starts with this text (matched literally). */
  readonly streamPrefix?: string;
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions extends EventFilter {
  /** First global position to return (inclusive). @defaultValue 1n */
  readonly fromPosition?: bigint;
  /** Most events to return. @defaultValue unlimited */
  readonly limit?: number;
}

/** Handles one event of a subscription. A throw ends the subscription with that error. */
export type StoreEventHandler = (event: AgenticEvent) => void | Promise<void>;

/** Options of {@link EventStore.subscribe}. */
export interface StoreSubscribeOptions {
  /** Called with each event, one at a time, in position order. */
  readonly handler: StoreEventHandler;
  /**
   * Where to start when there is no stored position for `consumer`: `'start'` (every event),
   * `'end'` (only events appended after the call), or a global position (inclusive).
   * @defaultValue 'start'
   */
  readonly from?: 'start' | 'end' | bigint;
  /**
   * Names a durable consumer: its position is stored after each handled event, and a later
   * subscription with the same name resumes after it, whatever `from` says. Run one subscription
   * per name at a time.
   */
  readonly consumer?: string;
  /** Only deliver matching events. */
  readonly filter?: EventFilter;
  /** Events read per batch while catching up. @defaultValue 500 */
  readonly batchSize?: number;
}

/** How a subscription ended. */
export type SubscriptionEnd =
  | { readonly reason: 'closed' }
  | { readonly reason: 'failed'; readonly error: unknown };

/** A running subscription. */
export interface StoreSubscription {
  /** The named consumer, if any. */
  readonly consumer: string | undefined;
  /** Position of the last handled event, or `null` before the first. */
  readonly position: bigint | null;
  /**
   * Resolves once every event committed before `subscribe` was called has been handled, or when
   * the subscription ends first.
   */
  readonly caughtUp: Promise<void>;
  /** Resolves (never rejects) when the subscription ends: closed, or failed with the handler's error. */
  readonly ended: Promise<SubscriptionEnd>;
  /**
   * Stops delivery and waits for the event being handled. Safe to call more than once. From inside
   * the handler, call it without `await` (awaiting would wait for the handler itself).
   */
  close(): Promise<void>;
}

/** The latest saved state of a stream's projection. */
export interface Snapshot<State extends JsonValue = JsonValue> {
  readonly streamId: string;
  /** Stream version the state reflects: fold events after this version onto it. */
  readonly version: number;
  readonly state: State;
  /** Version of the state's shape, so stale snapshots can be ignored after a change. */
  readonly schemaVersion: number;
  /** When the snapshot was saved, ISO-8601 UTC. */
  readonly time: string;
}

/** Options of {@link EventStore.saveSnapshot}. */
export interface SaveSnapshotInput<State extends JsonValue = JsonValue> {
  /** The stream version `state` reflects; at most the stream's current version. */
  readonly version: number;
  readonly state: State;
  /** @defaultValue 1 */
  readonly schemaVersion?: number;
}

/**
 * The append-only event log: the source of truth of AgenticFlow. Implementations must pass
 * `describeEventStoreConformance` from `@agenticflow/conformance`.
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore();
 * const { nextExpectedVersion } = await store.append('run-1', [
 *   { type: 'run.started', data: { workflow: 'report' } },
 * ], { expectedVersion: 'no_stream' });
 * for await (const event of store.readStream('run-1')) console.log(event.version, event.type);
 * ```
 */
export interface EventStore {
  /** What this store guarantees and supports. */
  readonly capabilities: EventStoreCapabilities;

  /**
   * Appends `events` to the end of `streamId` atomically: all of them or none.
   *
   * Validation happens first: an invalid batch throws `VALIDATION_FAILED` (or
   * `PAYLOAD_TOO_LARGE`) listing the issues and writes nothing. If every event id of the batch is
   * already stored as this same batch, nothing is written and the original result is returned
   * with `duplicate: true`, whatever `expectedVersion` says; if only some ids are stored, or under
   * another stream, it throws `IDEMPOTENCY_CONFLICT`. Otherwise `expectedVersion` is checked
   * (`EXPECTED_VERSION_CONFLICT` on mismatch). An empty batch checks `expectedVersion` and writes
   * nothing. Appending to a deleted stream throws `STREAM_DELETED`.
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /** Reads one stream in version order. An unknown or deleted stream yields nothing. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<AgenticEvent>;

  /**
   * Reads every stream in global position order. It never yields an event while an event with a
   * lower position may still commit, so a reader that remembers the last position it saw never
   * skips one.
   */
  readAll(options?: ReadAllOptions): AsyncIterable<AgenticEvent>;

  /**
   * Delivers stored events, then new ones as they are appended, in position order. Each event is
   * handled once per subscription; across restarts of a named consumer, at least once.
   */
  subscribe(options: StoreSubscribeOptions): StoreSubscription;

  /** The stored position of a named consumer, or `null` if it has none. */
  getConsumerPosition(consumer: string): Promise<bigint | null>;

  /** Saves the latest snapshot of a stream, replacing the previous one. */
  saveSnapshot(streamId: string, snapshot: SaveSnapshotInput): Promise<void>;

  /** The latest snapshot of a stream, or `null`. */
  loadSnapshot(streamId: string): Promise<Snapshot | null>;

  /**
   * Deletes a stream's events and snapshot (for retention). The id stays reserved: appending to
   * it again throws `STREAM_DELETED`. Returns `false` when the stream did not exist.
   */
  deleteStream(streamId: string): Promise<boolean>;

  /** Releases connections and stops subscriptions. Safe to call more than once. */
  close(): Promise<void>;
}
