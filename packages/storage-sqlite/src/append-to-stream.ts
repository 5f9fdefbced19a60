import {
  type AgenticEvent,
  type AppendOptions,
  type AppendResult,
  assertExpectedVersion,
  checkExpectedVersion,
  type ExpectedVersion,
  ExpectedVersionConflictError,
  isoTime,
  matchesExpectedVersion,
  type NewEvent,
  type PreparedEvent,
  prepareEvents,
  StreamDeletedError,
} from '@agenticflow/core';
import { type Kysely, sql } from 'kysely';
import { type EventValues, insertEvents } from './append-statements.js';
import { classifySqliteError, eventsUniqueViolation } from './classify-sqlite-error.js';
import { findDuplicate } from './find-duplicate.js';
import type { StoreSchema } from './schema.js';
import { errorContext, type StoreContext } from './store-context.js';
import { readStreamHead, type StreamHead } from './stream-head.js';
import { withImmediateTransaction } from './with-immediate-transaction.js';

// 7 bound values per row keeps an INSERT far below SQLite's limit of 32,766 variables.
const ROWS_PER_INSERT = 500;

/**
 * Appends a batch in one `BEGIN IMMEDIATE` transaction, whatever its size: validate (before the
 * lock), read the stream's head, check `expectedVersion`, insert, commit. Positions come from the
 * events table's `AUTOINCREMENT` key under the write lock, so they follow commit order. A stored
 * event id surfaces as a unique violation and is then told apart as a retried batch (the original
 * result) or an `IDEMPOTENCY_CONFLICT`.
 */
export async function appendToStream(
  context: StoreContext,
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions,
): Promise<AppendResult> {
  const expectedVersion = options.expectedVersion === undefined ? 'any' : options.expectedVersion;
  assertExpectedVersion(expectedVersion);
  const prepared = prepareEvents(streamId, events, {
    maxEventBytes: context.maxEventBytes,
    newId: context.newId,
    copy: false,
  });
  const encoded = prepared.map((event) => [
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ]);
  try {
    if (prepared.length === 0) {
      const head = await readStreamHead(context.db, streamId);
      if (head.deleted) throw new StreamDeletedError(streamId);
      checkExpectedVersion(streamId, expectedVersion, head.version);
      return {
        nextExpectedVersion: head.version,
        lastPosition: null,
        events: [],
        duplicate: false,
      };
    }
    return await withImmediateTransaction(context.db, context.busyTimeoutMs, async (db) => {
      const head = await readStreamHead(db, streamId);
      if (head.deleted) throw new StreamDeletedError(streamId);
      if (!matchesExpectedVersion(expectedVersion, head.version)) {
        const duplicate = await findDuplicate(db, streamId, prepared);
        if (duplicate) return duplicate;
        throw new ExpectedVersionConflictError(streamId, expectedVersion, head.version);
      }
      const time = isoTime(context.clock);
      const stored = await insertBatch(
        db,
        streamId,
        head,
        prepared,
        encoded,
        time,
        expectedVersion,
      );
      if (!Array.isArray(stored)) return stored;
      const last = stored[stored.length - 1]!;
      return {
        nextExpectedVersion: last.version,
        lastPosition: last.position,
        events: stored,
        duplicate: false,
      };
    });
  } catch (error) {
    throw classifySqliteError(error, errorContext(context, `append to stream ${streamId}`));
  }
}

/**
 * Inserts the batch and returns it as stored, or the original result when the batch turns out to
 * be a retry. A batch of several INSERTs runs under a savepoint, so a retry found in a later INSERT
 * leaves nothing of the earlier ones behind when the original is looked up.
 */
async function insertBatch(
  db: Kysely<StoreSchema>,
  streamId: string,
  head: StreamHead,
  prepared: readonly PreparedEvent[],
  encoded: readonly string[][],
  time: string,
  expectedVersion: ExpectedVersion,
): Promise<AgenticEvent[] | AppendResult> {
  const savepoint = prepared.length > ROWS_PER_INSERT;
  if (savepoint) await sql`savepoint agenticflow_append`.execute(db);
  const stored: AgenticEvent[] = new Array(prepared.length);
  try {
    for (let start = 0; start < prepared.length; start += ROWS_PER_INSERT) {
      const end = Math.min(start + ROWS_PER_INSERT, prepared.length);
      const rows: EventValues[] = [];
      for (let index = start; index < end; index++) {
        const event = prepared[index]!;
        const [data, metadata] = encoded[index]!;
        rows.push([
          event.id,
          streamId,
          head.version + index + 1,
          event.type,
          data!,
          metadata!,
          time,
        ]);
      }
      const positions = await insertEvents(db, rows);
      // SQLite returns RETURNING rows in no promised order: match them by version.
      for (const row of positions) {
        const index = Number(row.version) - head.version - 1;
        const event = prepared[index]!;
        stored[index] = {
          id: event.id,
          type: event.type,
          streamId,
          version: Number(row.version),
          position: BigInt(row.position),
          time,
          data: event.data,
          metadata: event.metadata,
        };
      }
    }
  } catch (error) {
    const violation = eventsUniqueViolation(error);
    if (violation === undefined) throw error;
    if (savepoint) await sql`rollback to agenticflow_append`.execute(db);
    if (violation === 'stream-version') {
      throw new ExpectedVersionConflictError(streamId, expectedVersion, head.version, {
        cause: error,
      });
    }
    const duplicate = await findDuplicate(db, streamId, prepared);
    if (duplicate) return duplicate;
    throw error;
  }
  if (savepoint) await sql`release agenticflow_append`.execute(db);
  return stored;
}
