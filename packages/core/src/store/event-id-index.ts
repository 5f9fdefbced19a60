import { IdempotencyConflictError } from '../errors/core-errors.js';
import type { AgenticEvent } from '../events/envelope.js';

/**
 * The stored events of an `InMemoryEventStore` by id, for idempotent appends. Events whose id
 * sorts after every id already in the ascending list (all UUIDv7 the store generates, as they
 * increase) are pushed to it and found by binary search; the others go to a Map. A W1 step spent
 * more time hashing ids into a Map of thousands than on the rest of the append.
 *
 * Events of deleted streams are not found (`isDeleted`); {@link EventIdIndex.compact} drops them.
 */
export class EventIdIndex {
  private ascending: AgenticEvent[] = [];
  private readonly others = new Map<string, AgenticEvent>();

  constructor(private readonly isDeleted: (event: AgenticEvent) => boolean) {}

  /** The live stored event with this (lower-case) id. */
  get(id: string): AgenticEvent | undefined {
    if (this.others.size > 0) {
      const other = this.others.get(id);
      if (other !== undefined) return other;
    }
    const list = this.ascending;
    const count = list.length;
    // A newly generated id sorts after every stored one: one comparison settles it.
    if (count === 0 || id > list[count - 1]!.id) return undefined;
    let low = 0;
    let high = count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]!.id < id) low = mid + 1;
      else high = mid;
    }
    const found = list[low];
    return found !== undefined && found.id === id && !this.isDeleted(found) ? found : undefined;
  }

  /** Adds a stored event; its id must not be stored yet. */
  add(event: AgenticEvent): void {
    const list = this.ascending;
    const count = list.length;
    if (count === 0 || event.id > list[count - 1]!.id) list.push(event);
    else this.others.set(event.id, event);
  }

  /** Forgets the events of a stream being deleted. */
  delete(events: readonly AgenticEvent[]): void {
    if (this.others.size === 0) return;
    for (const event of events) this.others.delete(event.id);
  }

  /** Drops events of deleted streams from the ascending list. */
  compact(): void {
    this.ascending = this.ascending.filter((event) => !this.isDeleted(event));
  }
}

/** The error of an append that resends a stored id without being the exact original batch. */
export function partialRetry(
  streamId: string,
  eventId: string,
  storedIn?: string,
): IdempotencyConflictError {
  const where =
    storedIn && storedIn !== streamId
      ? `in stream ${storedIn}`
      : 'by an append that was not this exact batch';
  return new IdempotencyConflictError(
    `event id ${eventId} is already stored ${where}: a retry must resend exactly the original batch to stream ${streamId}, and new events need new ids`,
    { streamId, eventId, ...(storedIn ? { storedIn } : {}) },
  );
}
