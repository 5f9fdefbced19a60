import {
  type EventStore,
  type NewEvent,
  NotFoundError,
  newId,
  ValidationError,
} from '@agenticflow/core';
import type * as E from '../events/run-events.js';
import { runStreamId } from '../events/run-events.js';
import { applyRunEvent } from '../state/apply-run-event.js';
import { emptyRunState } from '../state/run-state.js';

/** Options of {@link forkRun}. */
export interface ForkRunOptions {
  /** Id of the new run. @defaultValue a new UUIDv7 */
  readonly runId?: string;
}

/**
 * Starts a new run that shares the history of `runId` up to `atVersion`: those events are copied
 * into the new run's stream (with new ids, and the originals' ids as `causationId`), `run.started`
 * records where it came from, and steps that were running at that version are marked interrupted
 * so they run again. Resume the fork with a worker or engine (`engine.resumeRun(newRunId)`).
 * Returns the new run id.
 */
export async function forkRun(
  store: EventStore,
  runId: string,
  atVersion: number,
  options: ForkRunOptions = {},
): Promise<string> {
  if (!(Number.isInteger(atVersion) && atVersion >= 1)) {
    throw new ValidationError('invalid fork', [
      { path: ['atVersion'], message: `must be an integer >= 1, got ${String(atVersion)}` },
    ]);
  }
  const forkId = options.runId ?? newId();
  const state = emptyRunState(forkId);
  const copies: NewEvent[] = [];
  for await (const event of store.readStream(runStreamId(runId), { limit: atVersion })) {
    let data = event.data;
    if (event.type === 'run.started')
      data = { ...(data as E.RunStartedData), forkedFrom: { runId, version: atVersion } };
    if (
      event.type === 'run.completed' ||
      event.type === 'run.failed' ||
      event.type === 'run.cancelled'
    )
      break;
    copies.push({
      id: newId(),
      type: event.type,
      data,
      metadata: { ...event.metadata, causationId: event.id },
    });
    applyRunEvent(state, { ...event, data });
  }
  if (copies.length === 0) throw new NotFoundError(`run ${runId} has no events: check the run id`);
  for (const step of state.steps.values()) {
    if (step.status === 'running') {
      copies.push({
        id: newId(),
        type: 'step.interrupted',
        data: { stepId: step.id, attempt: step.attempt, reason: 'taken-over' },
      });
    }
  }
  await store.append(runStreamId(forkId), copies, { expectedVersion: 'no_stream' });
  return forkId;
}
