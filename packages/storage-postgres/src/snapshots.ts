import {
  assertStreamId,
  checkJson,
  jsonByteLength,
  PayloadTooLargeError,
  type SaveSnapshotInput,
  type Snapshot,
  StreamDeletedError,
  ValidationError,
  type ValidationIssue,
  validateSnapshotInput,
} from '@agenticflow/core';
import { MAX_VERSION } from './read-stream.js';
import { isoTimeSql } from './row-to-event.js';
import type { StoreContext } from './store-context.js';

/**
 * `EventStore.saveSnapshot`: one call of the schema's `save_snapshot`, which takes the stream's
 * lock (so a concurrent `deleteStream` cannot leave a snapshot behind) and upserts the snapshot
 * only when the stream is not deleted and has reached `version`.
 */
export async function saveSnapshot(
  ctx: StoreContext,
  streamId: string,
  snapshot: SaveSnapshotInput,
): Promise<void> {
  validateSnapshotInput(streamId, snapshot);
  const issues: ValidationIssue[] = [];
  const state = checkJson(snapshot.state, ['state'], issues, false);
  if (issues.length > 0) throw new ValidationError(`invalid snapshot for ${streamId}`, issues);
  const text = JSON.stringify(state.value);
  if (snapshot.version > MAX_VERSION)
    throw beyond(streamId, snapshot.version, 'the largest version a stream can reach');
  if (state.maxBytes > ctx.options.maxSnapshotBytes) {
    const bytes = jsonByteLength(state.value);
    if (bytes > ctx.options.maxSnapshotBytes) {
      throw new PayloadTooLargeError(
        'snapshot',
        bytes,
        ctx.options.maxSnapshotBytes,
        `for stream ${streamId}`,
      );
    }
  }
  const [row] = await ctx.query<{ status: 'ok' | 'deleted' | 'beyond'; stream_version: number }>(
    `save snapshot of stream ${streamId}`,
    `select status, stream_version from ${ctx.s}.save_snapshot($1, $2, $3::jsonb, $4)`,
    [streamId, snapshot.version, text, snapshot.schemaVersion ?? 1],
  );
  if (row!.status === 'deleted') throw new StreamDeletedError(streamId);
  if (row!.status === 'beyond') {
    throw beyond(streamId, snapshot.version, `the stream's version ${row!.stream_version}`);
  }
}

function beyond(streamId: string, version: number, limit: string): ValidationError {
  return new ValidationError(`invalid snapshot for ${streamId}`, [
    { path: ['version'], message: `${version} is beyond ${limit}: snapshot only stored events` },
  ]);
}

/** `EventStore.loadSnapshot`: the latest snapshot of a stream, or `null`. */
export async function loadSnapshot(ctx: StoreContext, streamId: string): Promise<Snapshot | null> {
  assertStreamId(streamId);
  const [row] = await ctx.query<{
    version: number;
    state: string;
    schema_version: number;
    time: string;
  }>(
    `load snapshot of stream ${streamId}`,
    `select version, state::text as state, schema_version, ${isoTimeSql('time')} as time
     from ${ctx.s}.snapshots where stream_id = $1`,
    [streamId],
  );
  if (row === undefined) return null;
  return {
    streamId,
    version: Number(row.version),
    state: JSON.parse(row.state),
    schemaVersion: Number(row.schema_version),
    time: row.time,
  };
}
