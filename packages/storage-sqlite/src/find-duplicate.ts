import { type AppendResult, IdempotencyConflictError, type PreparedEvent } from '@agenticflow/core';
import type { Kysely } from 'kysely';
import { EVENT_COLUMNS, rowToEvent } from './row-to-event.js';
import type { StoreSchema } from './schema.js';

const IDS_PER_QUERY = 500;

/**
 * Decides what an append whose ids may already be stored is: `undefined` when none is stored; the
 * original result when the batch is stored exactly (same stream, same ids in the same order);
 * otherwise `IDEMPOTENCY_CONFLICT`. Runs inside the append's transaction, so it sees what the
 * append would have written over.
 */
export async function findDuplicate(
  db: Kysely<StoreSchema>,
  streamId: string,
  prepared: readonly PreparedEvent[],
): Promise<AppendResult | undefined> {
  const firstId = prepared[0]!.id;
  const first = await db
    .selectFrom('agenticflow_events')
    .select(['stream_id', 'version'])
    .where('id', '=', firstId)
    .executeTakeFirst();
  if (first === undefined) {
    const stored = await anyStoredId(db, prepared);
    if (stored !== undefined) throw partialRetry(streamId, stored);
    return undefined;
  }
  if (first.stream_id !== streamId) throw partialRetry(streamId, firstId, first.stream_id);
  const original = await db
    .selectFrom('agenticflow_events')
    .select(EVENT_COLUMNS)
    .where('stream_id', '=', streamId)
    .where('version', '>=', first.version)
    .orderBy('version')
    .limit(prepared.length)
    .execute();
  const same =
    original.length === prepared.length &&
    original.every((row, index) => row.id === prepared[index]!.id);
  if (!same) throw partialRetry(streamId, firstId);
  const events = original.map(rowToEvent);
  const last = events[events.length - 1]!;
  return {
    nextExpectedVersion: last.version,
    lastPosition: last.position,
    events,
    duplicate: true,
  };
}

async function anyStoredId(
  db: Kysely<StoreSchema>,
  prepared: readonly PreparedEvent[],
): Promise<string | undefined> {
  for (let start = 1; start < prepared.length; start += IDS_PER_QUERY) {
    const ids = prepared.slice(start, start + IDS_PER_QUERY).map((event) => event.id);
    const row = await db
      .selectFrom('agenticflow_events')
      .select('id')
      .where('id', 'in', ids)
      .limit(1)
      .executeTakeFirst();
    if (row !== undefined) return row.id;
  }
  return undefined;
}

function partialRetry(
  streamId: string,
  eventId: string,
  storedIn?: string,
): IdempotencyConflictError {
  const where =
    storedIn !== undefined ? `in stream ${storedIn}` : 'by an append that was not this exact batch';
  return new IdempotencyConflictError(
    `event id ${eventId} is already stored ${where}: a retry must resend exactly the original batch to stream ${streamId}, and new events need new ids`,
    { streamId, eventId, ...(storedIn !== undefined ? { storedIn } : {}) },
  );
}
