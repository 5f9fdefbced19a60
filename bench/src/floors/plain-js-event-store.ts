import { randomUUID } from 'node:crypto';

/** An event as the plain-JS floor stores it. */
export interface PlainStoredEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
  readonly time: string;
  readonly data: unknown;
}

/** An event to append to the floor. */
export interface PlainNewEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * The C1 floor: the least an in-memory event log must do, in plain JS. A Map of arrays, the same
 * expected-version check, a JSON clone of `data` (so the caller cannot change what is stored), an
 * id and a time per append, and the same async API shape (a promise per append, an async iterator
 * per read) as an `EventStore`. No validation, no freezing, no idempotency index.
 */
export class PlainJsEventStore {
  private readonly streams = new Map<string, PlainStoredEvent[]>();
  private readonly log: PlainStoredEvent[] = [];

  async append(
    streamId: string,
    events: readonly PlainNewEvent[],
    expectedVersion: number,
  ): Promise<number> {
    let stream = this.streams.get(streamId);
    const current = stream?.length ?? 0;
    if (current !== expectedVersion) {
      throw new Error(`expectedVersion ${expectedVersion} but stream ${streamId} is at ${current}`);
    }
    if (!stream) {
      stream = [];
      this.streams.set(streamId, stream);
    }
    const time = new Date().toISOString();
    for (const event of events) {
      const stored: PlainStoredEvent = {
        id: randomUUID(),
        type: event.type,
        streamId,
        version: stream.length + 1,
        position: this.log.length + 1,
        time,
        data: JSON.parse(JSON.stringify(event.data)),
      };
      stream.push(stored);
      this.log.push(stored);
    }
    return stream.length;
  }

  async *readStream(streamId: string): AsyncIterable<PlainStoredEvent> {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    // A plain loop: `yield*` over an array in an async generator costs more than the yields.
    for (const event of stream) yield event;
  }

  async *readAll(): AsyncIterable<PlainStoredEvent> {
    for (const event of this.log) yield event;
  }
}
