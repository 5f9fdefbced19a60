import type {
  AgenticEvent,
  AppendOptions,
  AppendResult,
  EventStore,
  EventStoreCapabilities,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  SaveSnapshotInput,
  Snapshot,
  StoreSubscribeOptions,
  StoreSubscription,
} from '@agenticflow/core';

/**
 * An {@link EventStore} over another whose appends to one stream go through the run's journal,
 * at the journal's version, whatever `expectedVersion` the caller asked for. Everything else is
 * passed through. It never closes the store it wraps.
 */
export class GuardedRunStore implements EventStore {
  /** The first append error of the guarded stream, so a caller can tell it from a tool's error. */
  failure: unknown;

  constructor(
    private readonly inner: EventStore,
    private readonly streamId: string,
    private readonly appendToRun: (events: readonly NewEvent[]) => Promise<AppendResult>,
  ) {}

  get capabilities(): EventStoreCapabilities {
    return this.inner.capabilities;
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (streamId !== this.streamId) return this.inner.append(streamId, events, options);
    try {
      return await this.appendToRun(events);
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<AgenticEvent> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<AgenticEvent> {
    return this.inner.readAll(options);
  }

  subscribe(options: StoreSubscribeOptions): StoreSubscription {
    return this.inner.subscribe(options);
  }

  getConsumerPosition(consumer: string): Promise<bigint | null> {
    return this.inner.getConsumerPosition(consumer);
  }

  saveSnapshot(streamId: string, snapshot: SaveSnapshotInput): Promise<void> {
    return this.inner.saveSnapshot(streamId, snapshot);
  }

  loadSnapshot(streamId: string): Promise<Snapshot | null> {
    return this.inner.loadSnapshot(streamId);
  }

  deleteStream(streamId: string): Promise<boolean> {
    return this.inner.deleteStream(streamId);
  }

  async close(): Promise<void> {}
}
