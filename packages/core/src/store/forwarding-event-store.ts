import type { AgenticEvent, NewEvent } from '../events/envelope.js';
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
import type { EventStoreCapabilities } from './event-store-capabilities.js';

/**
 * An {@link EventStore} that passes every call to another store. Extend it and override only what
 * your wrapper changes: time the appends, route one stream elsewhere, count the reads.
 *
 * @example
 * ```ts
 * class CountingStore extends ForwardingEventStore {
 *   appends = 0;
 *   override append(...args: Parameters<EventStore['append']>) {
 *     this.appends++;
 *     return super.append(...args);
 *   }
 * }
 * ```
 */
export class ForwardingEventStore implements EventStore {
  constructor(
    /** The store doing the work. */
    readonly inner: EventStore,
  ) {}

  get capabilities(): EventStoreCapabilities {
    return this.inner.capabilities;
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
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

  close(): Promise<void> {
    return this.inner.close();
  }
}
