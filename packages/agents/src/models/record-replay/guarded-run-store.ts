import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  ForwardingEventStore,
  type NewEvent,
} from '@agenticflow/core';

/**
 * An {@link EventStore} over another whose appends to one stream go through the run's journal,
 * at the journal's version, whatever `expectedVersion` the caller asked for. Everything else is
 * passed through. It never closes the store it wraps.
 */
export class GuardedRunStore extends ForwardingEventStore {
  /** The first append error of the guarded stream, so a caller can tell it from a tool's error. */
  failure: unknown;

  constructor(
    inner: EventStore,
    private readonly streamId: string,
    private readonly appendToRun: (events: readonly NewEvent[]) => Promise<AppendResult>,
  ) {
    super(inner);
  }

  override async append(
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

  override async close(): Promise<void> {}
}
