import {
  type AgenticEvent,
  type AppendOptions,
  type AppendResult,
  assertExpectedVersion,
  type ExpectedVersion,
  ExpectedVersionConflictError,
  type NewEvent,
  type PreparedEvent,
  prepareEvents,
  StreamDeletedError,
  ValidationError,
} from '@agenticflow/core';
import { errorCode, isUniqueViolation, TRANSIENT_CONFLICTS } from './classify-postgres-error.js';
import { fastAppendParameters, fastAppendStatement } from './fast-append-statement.js';
import type { StoreContext } from './store-context.js';
import { type StoredEvent, storedBatchResult } from './stored-batch-result.js';

/** Most events in one append: the position keeps 16 bits for the index within the append. */
export const MAX_EVENTS_PER_APPEND = 65_535;
// Unique violations (a racing append or deletion) and deadlocks roll everything back, so the call
// can be made again; this bounds how often one append retries under heavy contention.
const MAX_ATTEMPTS = 8;

/** What `append_events` returns, as JSON text. */
type AppendOutcome =
  | {
      readonly status: 'ok';
      readonly version: number;
      readonly txId?: string;
      readonly time?: string;
    }
  | { readonly status: 'conflict'; readonly version: number }
  | { readonly status: 'deleted' }
  | { readonly status: 'stored'; readonly stored: readonly StoredEvent[] };

/** A row of the fast path (see `fastAppendStatement`); `version` is `null` when it inserted nothing. */
interface FastRow {
  readonly version: number | null;
  readonly tx_id: string | null;
  readonly time: string;
}

/**
 * `EventStore.append` in one round trip and one commit. The fast path is a single prepared
 * statement that reads the stream's last row, checks the expected version and the tombstone, and
 * inserts the whole batch; the unique `(stream_id, version)` and id indexes catch any append or
 * deletion racing with it. When it inserts nothing or meets a unique violation, the careful path,
 * the schema's `append_events` function under the stream's lock, decides: conflict, deleted
 * stream, retry of a stored batch, or append after all.
 */
export async function appendToStream(
  ctx: StoreContext,
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions | undefined,
): Promise<AppendResult> {
  const expectedVersion = options?.expectedVersion === undefined ? 'any' : options.expectedVersion;
  assertExpectedVersion(expectedVersion);
  const prepared = prepareEvents(streamId, events, {
    maxEventBytes: ctx.options.maxEventBytes,
    newId: ctx.newId,
    copy: false,
  });
  if (prepared.length > MAX_EVENTS_PER_APPEND) {
    throw new ValidationError(`invalid append to stream ${streamId}`, [
      {
        path: ['events'],
        message: `holds ${prepared.length} events, over the limit of ${MAX_EVENTS_PER_APPEND} per append: split it into several appends`,
      },
    ]);
  }
  const expected = encodeExpectedVersion(expectedVersion);
  let fast = prepared.length > 0;
  let checkIds = false;
  let batch: string | undefined;
  const batchJson = () => {
    batch ??= JSON.stringify(prepared);
    return batch;
  };
  for (let attempt = 1; ; attempt++) {
    try {
      if (fast) {
        const rows = await ctx.queryRaw<FastRow>(fastAppendStatement(ctx, prepared.length), [
          streamId,
          expected,
          ...fastAppendParameters(prepared, batchJson),
        ]);
        const version = newVersion(rows);
        if (version !== null) {
          return appended(streamId, prepared, version, rows[0]!.tx_id!, rows[0]!.time);
        }
        fast = false;
        continue;
      }
      const [row] = await ctx.queryRaw<{ outcome: string }>(
        ctx.statement('append', () => `select ${ctx.s}.append_events($1, $2, $3, $4) as outcome`),
        [streamId, expected, batchJson(), checkIds],
      );
      const outcome = JSON.parse(row!.outcome) as AppendOutcome;
      switch (outcome.status) {
        case 'deleted':
          throw new StreamDeletedError(streamId);
        case 'conflict':
          throw new ExpectedVersionConflictError(streamId, expectedVersion, outcome.version);
        case 'stored':
          return storedBatchResult(streamId, prepared, outcome.stored);
        default:
          if (outcome.txId === undefined) return empty(outcome.version);
          return appended(streamId, prepared, outcome.version, outcome.txId, outcome.time!);
      }
    } catch (error) {
      const code = errorCode(error);
      const retry =
        attempt < MAX_ATTEMPTS &&
        (code === '23505' || (code !== undefined && TRANSIENT_CONFLICTS.has(code)));
      if (!retry) throw ctx.classify(error, `append to stream ${streamId}`);
      // An id already stored: look the batch's ids up, to return that append's result if it was
      // this same batch.
      if (isUniqueViolation(error, 'events_id_key')) checkIds = true;
      fast = false;
    }
  }
}

/** The stream's version after the fast path, or `null` when it inserted nothing. */
function newVersion(rows: readonly FastRow[]): number | null {
  let version: number | null = null;
  for (const row of rows) {
    if (row.version !== null && (version === null || row.version > version)) version = row.version;
  }
  return version;
}

function appended(
  streamId: string,
  prepared: readonly PreparedEvent[],
  version: number,
  txId: string,
  time: string,
): AppendResult {
  const base = BigInt(txId) << 16n;
  const firstVersion = version - prepared.length + 1;
  const events: AgenticEvent[] = new Array(prepared.length);
  for (let index = 0; index < prepared.length; index++) {
    const event = prepared[index]!;
    events[index] = {
      id: event.id,
      type: event.type,
      streamId,
      version: firstVersion + index,
      position: base + BigInt(index),
      time,
      data: event.data,
      metadata: event.metadata,
    };
  }
  return {
    nextExpectedVersion: version,
    lastPosition: events[events.length - 1]!.position,
    events,
    duplicate: false,
  };
}

function empty(version: number): AppendResult {
  return { nextExpectedVersion: version, lastPosition: null, events: [], duplicate: false };
}

/** `expectedVersion` as a bigint: -1 any, -2 no_stream, -3 exists, else the version. */
function encodeExpectedVersion(expected: ExpectedVersion): number {
  if (expected === 'any') return -1;
  if (expected === 'no_stream') return -2;
  if (expected === 'exists') return -3;
  return expected;
}
