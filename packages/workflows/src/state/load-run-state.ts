import type { EventStore } from '@agenticflow/core';
import { runStreamId } from '../events/run-events.js';
import { applyRunEvent } from './apply-run-event.js';
import { emptyRunState, type RunState } from './run-state.js';

/** Folds a run's stream (up to `toVersion`, inclusive) into its state; version 0 if it has no events. */
export async function loadRunState(
  store: EventStore,
  runId: string,
  toVersion?: number,
): Promise<RunState> {
  const state = emptyRunState(runId);
  const options = toVersion === undefined ? {} : { limit: toVersion };
  for await (const event of store.readStream(runStreamId(runId), options)) {
    applyRunEvent(state, event);
    if (event.version === 1 && event.metadata.traceparent !== undefined)
      state.traceparent = event.metadata.traceparent;
  }
  return state;
}
