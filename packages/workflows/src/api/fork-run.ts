import {
  type EventStore,
  type JsonValue,
  type NewEvent,
  NotFoundError,
  newId,
  ValidationError,
} from '@agenticflow/core';
import type * as E from '../events/run-events.js';
import { runStreamId } from '../events/run-events.js';
import { applyRunEvent } from '../state/apply-run-event.js';
import { emptyRunState, mapItemId, type RunState } from '../state/run-state.js';

/** Options of {@link forkRun}. */
export interface ForkRunOptions {
  /** Id of the new run. @defaultValue a new UUIDv7 */
  readonly runId?: string;
  /**
   * The fork's start time in epoch ms, from which its run deadline (if the workflow has a
   * timeout) is counted again. @defaultValue `Date.now()`
   */
  readonly now?: number;
}

/**
 * Starts a new run that shares the history of `runId` up to `atVersion`: those events are copied
 * into the new run's stream (with new ids, and the originals' ids as `causationId`), `run.started`
 * records where it came from, and steps that were running at that version are marked interrupted
 * so they run again. A run deadline starts over (the workflow's full timeout from the fork's
 * start); sleep and retry timers keep their absolute due times. Resume the fork with a worker or
 * engine (`engine.resumeRun(newRunId)`). Returns the new run id.
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
  const split: SplitDecisions = { retryAt: new Map(), resumed: new Map() };
  let deadline: number | undefined;
  for await (const event of store.readStream(runStreamId(runId), { limit: atVersion })) {
    let data = event.data;
    if (event.type === 'run.started') {
      const started = data as E.RunStartedData;
      // The fork gets the run's full timeout again, counted from now.
      deadline =
        started.deadline === undefined
          ? undefined
          : (options.now ?? Date.now()) + (started.deadline - Date.parse(event.time));
      data = {
        ...started,
        forkedFrom: { runId, version: atVersion },
        ...(deadline === undefined ? {} : { deadline }),
      };
    } else if (
      event.type === 'timer.scheduled' &&
      (data as E.TimerScheduledData).purpose === 'run-timeout' &&
      deadline !== undefined
    ) {
      data = { ...(data as E.TimerScheduledData), dueAt: deadline };
    }
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
    noteSplitDecision(split, event.type, data);
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
  for (const [type, data] of completeSplitDecisions(state, split))
    copies.push({ id: newId(), type, data });
  await store.append(runStreamId(forkId), copies, { expectedVersion: 'no_stream' });
  return forkId;
}

/** What the copied events said that the folded state does not keep. */
interface SplitDecisions {
  /** Pending retries: step id → when its failed attempt runs again. */
  readonly retryAt: Map<string, number>;
  /** Payloads of resumed wait steps, until they complete. */
  readonly resumed: Map<string, JsonValue>;
}

function noteSplitDecision(split: SplitDecisions, type: string, data: unknown): void {
  const stepId = (data as { stepId?: string } | null)?.stepId;
  if (stepId === undefined) return;
  if (type === 'step.failed') {
    const retryAt = (data as E.StepFailedData).retryAt;
    if (retryAt === undefined) split.retryAt.delete(stepId);
    else split.retryAt.set(stepId, retryAt);
  } else if (type === 'timer.scheduled') split.retryAt.delete(stepId);
  else if (type === 'step.resumed') split.resumed.set(stepId, (data as E.StepResumedData).payload);
  else if (type === 'step.completed') split.resumed.delete(stepId);
}

/**
 * The engine appends a decision and its follow-ups together (a failure and its retry timer, a
 * map expansion and its items, a fired sleep and its step's completion, a resume and the wait
 * step's completion). A fork cut between them would leave the run waiting forever, so the
 * missing follow-ups are added, as the engine would have.
 */
function completeSplitDecisions(
  state: RunState,
  split: SplitDecisions,
): Array<[type: string, data: unknown]> {
  const events: Array<[string, unknown]> = [];
  for (const [stepId, dueAt] of split.retryAt) {
    const step = state.steps.get(stepId);
    if (step?.status === 'waiting') {
      const timer: E.TimerScheduledData = {
        timerId: `retry:${stepId}:${step.attempt}`,
        dueAt,
        purpose: 'retry',
        stepId,
      };
      events.push(['timer.scheduled', timer]);
    }
  }
  for (const step of [...state.steps.values()]) {
    if (step.status !== 'waiting') continue;
    for (let index = 0; index < (step.itemCount ?? 0); index++) {
      const itemId = mapItemId(step.id, index);
      if (!state.steps.has(itemId)) events.push(['step.scheduled', { stepId: itemId, attempt: 1 }]);
    }
    if (state.timers.get(`sleep:${step.id}`)?.fired)
      events.push(['step.completed', { stepId: step.id, attempt: 1, output: null, durationMs: 0 }]);
  }
  for (const [stepId, payload] of split.resumed) {
    if (state.steps.get(stepId)?.status === 'suspended')
      events.push(['step.completed', { stepId, attempt: 1, output: payload, durationMs: 0 }]);
  }
  return events;
}
