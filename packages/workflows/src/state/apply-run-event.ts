import type { JsonValue } from '@agenticflow/core';
import type * as E from '../events/run-events.js';
import { mapItemId, parseMapItemId, type RunState, type StepState } from './run-state.js';

/** The part of a stored event the fold needs. */
export interface FoldableEvent {
  readonly type: string;
  readonly data: unknown;
  readonly time: string;
  readonly version: number;
}

function step(state: RunState, id: string): StepState {
  let found = state.steps.get(id);
  if (!found) {
    found = { id, status: 'scheduled', attempt: 0, failures: 0 };
    state.steps.set(id, found);
  }
  return found;
}

function settleMapItem(state: RunState, itemId: string): void {
  const item = parseMapItemId(itemId);
  if (!item) return;
  const parent = state.steps.get(item.stepId);
  if (parent) parent.itemsDone = (parent.itemsDone ?? 0) + 1;
}

/**
 * Folds one event of a run stream into `state` (mutating it) and returns it. Pure in the sense
 * that matters: the same events always give the same state, which is what replay relies on.
 * Unknown event types (custom events) only count.
 */
export function applyRunEvent(state: RunState, event: FoldableEvent): RunState {
  state.version = event.version;
  switch (event.type) {
    case 'run.started': {
      const data = event.data as E.RunStartedData;
      state.workflow = data.workflow;
      state.workflowVersion = data.workflowVersion;
      state.input = data.input;
      state.startedAt = event.time;
      if (data.parent) state.parent = data.parent;
      if (data.forkedFrom) state.forkedFrom = data.forkedFrom;
      if (data.deadline !== undefined) state.deadline = data.deadline;
      break;
    }
    case 'step.scheduled': {
      const data = event.data as E.StepScheduledData;
      const s = step(state, data.stepId);
      s.status = 'scheduled';
      s.attempt = data.attempt;
      break;
    }
    case 'step.started': {
      const data = event.data as E.StepStartedData;
      const s = step(state, data.stepId);
      s.status = 'running';
      s.attempt = data.attempt;
      s.workerId = data.workerId;
      s.leaseExpiresAt = data.leaseExpiresAt;
      s.startedAt = event.time;
      break;
    }
    case 'step.heartbeat': {
      const data = event.data as E.StepHeartbeatData;
      const s = state.steps.get(data.stepId);
      if (s && s.attempt === data.attempt) s.leaseExpiresAt = data.leaseExpiresAt;
      break;
    }
    case 'step.completed': {
      const data = event.data as E.StepCompletedData;
      const s = step(state, data.stepId);
      s.status = 'completed';
      s.output = data.output;
      s.durationMs = data.durationMs;
      s.endedAt = event.time;
      s.leaseExpiresAt = undefined;
      if (s.itemCount !== undefined) s.output = collectMapOutput(state, s);
      state.completionOrder.push(data.stepId);
      settleMapItem(state, data.stepId);
      break;
    }
    case 'step.failed': {
      const data = event.data as E.StepFailedData;
      const s = step(state, data.stepId);
      s.failures++;
      s.error = data.error;
      s.leaseExpiresAt = undefined;
      if (data.retryAt === undefined) {
        s.status = 'failed';
        s.endedAt = event.time;
        settleMapItem(state, data.stepId);
      } else {
        s.status = 'waiting';
      }
      break;
    }
    case 'step.interrupted': {
      const data = event.data as E.StepInterruptedData;
      const s = step(state, data.stepId);
      s.status = 'ready';
      s.leaseExpiresAt = undefined;
      break;
    }
    case 'step.skipped': {
      const data = event.data as E.StepSkippedData;
      const s = step(state, data.stepId);
      s.status = 'skipped';
      s.skipReason = data.reason;
      s.endedAt = event.time;
      break;
    }
    case 'step.expanded': {
      const data = event.data as E.StepExpandedData;
      const s = step(state, data.stepId);
      s.status = 'waiting';
      s.itemCount = data.count;
      s.itemsDone = 0;
      break;
    }
    case 'step.suspended': {
      step(state, (event.data as E.StepSuspendedData).stepId).status = 'suspended';
      break;
    }
    case 'step.resumed':
      break;
    case 'child.started': {
      const data = event.data as E.ChildStartedData;
      const s = step(state, data.stepId);
      s.status = 'waiting';
      s.childRunId = data.childRunId;
      break;
    }
    case 'timer.scheduled': {
      const data = event.data as E.TimerScheduledData;
      state.timers.set(data.timerId, { ...data, fired: false });
      if (data.purpose === 'sleep' && data.stepId) step(state, data.stepId).status = 'waiting';
      break;
    }
    case 'timer.fired': {
      const timer = state.timers.get((event.data as E.TimerFiredData).timerId);
      if (timer) {
        timer.fired = true;
        if (timer.purpose === 'retry' && timer.stepId) step(state, timer.stepId).status = 'ready';
      }
      break;
    }
    case 'compensation.completed':
    case 'compensation.failed': {
      const s = state.steps.get((event.data as E.CompensationData).stepId);
      if (s) s.compensated = true;
      break;
    }
    case 'run.completed':
      state.status = 'completed';
      state.output = (event.data as E.RunCompletedData).output;
      state.endedAt = event.time;
      break;
    case 'run.failed':
      state.status = 'failed';
      state.error = (event.data as E.RunFailedData).error;
      state.endedAt = event.time;
      break;
    case 'run.cancelled':
      state.status = 'cancelled';
      state.cancelReason = (event.data as E.RunCancelledData).reason;
      state.endedAt = event.time;
      break;
    default:
      state.customEvents++;
  }
  return state;
}

/** The output of a completed map step: its items' outputs in item order. */
function collectMapOutput(state: RunState, mapStep: StepState): JsonValue {
  const outputs: JsonValue[] = new Array(mapStep.itemCount);
  for (let index = 0; index < mapStep.itemCount!; index++) {
    outputs[index] = state.steps.get(mapItemId(mapStep.id, index))?.output ?? null;
  }
  return outputs;
}
