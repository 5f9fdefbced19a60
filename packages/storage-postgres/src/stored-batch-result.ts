import {
  type AgenticEvent,
  type AppendResult,
  type EventMetadata,
  IdempotencyConflictError,
  type PreparedEvent,
} from '@agenticflow/core';

/** A stored event whose id is in a batch being appended, as `append_events` returns it. */
export interface StoredEvent {
  readonly id: string;
  readonly streamId: string;
  readonly version: number;
  /** Text, so no precision is lost in JSON. */
  readonly position: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly time: string;
}

/**
 * The result of an append some of whose ids are already stored: the original result (with
 * `duplicate: true`) when the whole batch is stored, in order, in this stream, and otherwise
 * `IDEMPOTENCY_CONFLICT` naming the first stored id.
 */
export function storedBatchResult(
  streamId: string,
  prepared: readonly PreparedEvent[],
  stored: readonly StoredEvent[],
): AppendResult {
  const byId = new Map(stored.map((event) => [event.id, event]));
  const first = byId.get(prepared[0]!.id);
  if (first === undefined) {
    const stored = prepared.find((event) => byId.has(event.id))!;
    throw partialRetry(streamId, stored.id);
  }
  const events: AgenticEvent[] = [];
  for (let index = 0; index < prepared.length; index++) {
    const row = byId.get(prepared[index]!.id);
    if (row === undefined || row.streamId !== streamId || row.version !== first.version + index) {
      throw partialRetry(streamId, first.id, first.streamId);
    }
    events.push({
      id: row.id,
      type: row.type,
      streamId,
      version: row.version,
      position: BigInt(row.position),
      time: row.time,
      data: row.data,
      metadata: row.metadata,
    });
  }
  const last = events[events.length - 1]!;
  return {
    nextExpectedVersion: last.version,
    lastPosition: last.position,
    events,
    duplicate: true,
  };
}

function partialRetry(
  streamId: string,
  eventId: string,
  storedIn?: string,
): IdempotencyConflictError {
  const where =
    storedIn !== undefined && storedIn !== streamId
      ? `in stream ${storedIn}`
      : 'by an append that was not this exact batch';
  return new IdempotencyConflictError(
    `event id ${eventId} is already stored ${where}: a retry must resend exactly the original batch to stream ${streamId}, and new events need new ids`,
    { streamId, eventId, ...(storedIn !== undefined && storedIn !== streamId ? { storedIn } : {}) },
  );
}
