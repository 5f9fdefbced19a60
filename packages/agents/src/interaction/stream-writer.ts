import type { AgenticEvent, EventStore, ExpectedVersion, NewEvent } from '@agenticflow/core';

/**
 * Appends the events of one protocol run (a negotiation, an auction) to its own stream, each append
 * expecting the version the previous one left. The first append expects no stream, so a second
 * coordinator of the same id fails with `EXPECTED_VERSION_CONFLICT` instead of interleaving.
 */
export class StreamWriter {
  private expected: ExpectedVersion = 'no_stream';

  constructor(
    private readonly store: EventStore,
    readonly streamId: string,
    private readonly metadata: { readonly correlationId: string; readonly actor: string },
  ) {}

  async append(
    events: ReadonlyArray<Omit<NewEvent, 'metadata'>>,
  ): Promise<readonly AgenticEvent[]> {
    const result = await this.store.append(
      this.streamId,
      events.map((event) => ({ ...event, metadata: this.metadata })),
      { expectedVersion: this.expected },
    );
    this.expected = result.nextExpectedVersion;
    return result.events;
  }
}
