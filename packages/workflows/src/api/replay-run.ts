import { type EventStore, NotFoundError, ValidationError } from '@agenticflow/core';
import { loadRunState } from '../state/load-run-state.js';
import { type RunSnapshot, toRunSnapshot } from '../state/run-snapshot.js';

/** Options of {@link replayRun}. */
export interface ReplayRunOptions {
  /** The stream version to stop at (inclusive). @defaultValue the latest */
  readonly toVersion?: number;
}

/**
 * Rebuilds a run's state at any version from its events alone: no workflow code runs and no step
 * is executed, so it works on any machine that can read the store.
 *
 * @example
 * ```ts
 * const before = await replayRun(store, runId, { toVersion: 12 });
 * console.log(before.status, before.steps.fetch?.status);
 * ```
 */
export async function replayRun(
  store: EventStore,
  runId: string,
  options: ReplayRunOptions = {},
): Promise<RunSnapshot> {
  const { toVersion } = options;
  if (toVersion !== undefined && !(Number.isInteger(toVersion) && toVersion >= 1)) {
    throw new ValidationError('invalid replay', [
      { path: ['toVersion'], message: `must be an integer >= 1, got ${String(toVersion)}` },
    ]);
  }
  const state = await loadRunState(store, runId, options.toVersion);
  if (state.version === 0) throw new NotFoundError(`run ${runId} has no events: check the run id`);
  return toRunSnapshot(state);
}
