import {
  type JsonValue,
  type SerializedError,
  serializeError,
  TimeoutError,
} from '@agenticflow/core';
import type { Lease } from './decide.js';
import type { EventSink } from './event-sink.js';

/**
 * A change a worker wants to make to a run, as a function of the run's current state. Intents are
 * evaluated when the run's writer flushes, and evaluated again on fresh state after a version
 * conflict, so each checks that the change still applies (the step is still running this attempt,
 * the timer has not fired…) and otherwise does nothing.
 */
export type Intent = (sink: EventSink, now: number) => void;

function runningAttempt(sink: EventSink, stepId: string, attempt: number): boolean {
  const step = sink.state.steps.get(stepId);
  return sink.state.status === 'running' && step?.status === 'running' && step.attempt === attempt;
}

/** Claims a scheduled step for this worker. */
export function claimStep(stepId: string, attempt: number, lease: Lease): Intent {
  return (sink) => {
    const step = sink.state.steps.get(stepId);
    if (sink.state.status !== 'running' || step?.status !== 'scheduled' || step.attempt !== attempt)
      return;
    sink.push('step.started', {
      stepId,
      attempt,
      workerId: lease.workerId,
      leaseExpiresAt: lease.leaseExpiresAt,
    });
  };
}

/** Records a step attempt's output. */
export function completeStep(
  stepId: string,
  attempt: number,
  output: JsonValue,
  durationMs: number,
): Intent {
  return (sink) => {
    if (runningAttempt(sink, stepId, attempt))
      sink.push('step.completed', { stepId, attempt, output, durationMs });
  };
}

/** How a failed attempt continues: `retryDelayMs(failuresSoFar)` gives the delay, or undefined for a final failure. */
export type RetryDecision = (failures: number) => number | undefined;

/** Records a failed attempt and, when the policy allows, a retry timer. */
export function failStep(
  stepId: string,
  attempt: number,
  error: SerializedError,
  retry: RetryDecision,
): Intent {
  return (sink, now) => {
    if (!runningAttempt(sink, stepId, attempt)) return;
    const delay = retry(sink.state.steps.get(stepId)!.failures + 1);
    if (delay === undefined) {
      sink.push('step.failed', { stepId, attempt, error });
      return;
    }
    const retryAt = now + Math.max(0, delay);
    sink.push('step.failed', { stepId, attempt, error, retryAt });
    sink.push('timer.scheduled', {
      timerId: `retry:${stepId}:${attempt}`,
      dueAt: retryAt,
      purpose: 'retry',
      stepId,
    });
  };
}

/** Extends the lease of a step this worker runs. */
export function renewLease(
  stepId: string,
  attempt: number,
  workerId: string,
  leaseExpiresAt: number,
): Intent {
  return (sink) => {
    const step = sink.state.steps.get(stepId);
    if (runningAttempt(sink, stepId, attempt) && step?.workerId === workerId) {
      sink.push('step.heartbeat', { stepId, attempt, leaseExpiresAt });
    }
  };
}

/**
 * Ends a running attempt that no worker holds any more: its lease expired (`lease-expired`), or an
 * operator took the run over (`taken-over`). The step is scheduled again.
 */
export function interruptStep(
  stepId: string,
  attempt: number,
  reason: 'lease-expired' | 'taken-over',
): Intent {
  return (sink, now) => {
    if (!runningAttempt(sink, stepId, attempt)) return;
    const lease = sink.state.steps.get(stepId)!.leaseExpiresAt ?? 0;
    if (reason === 'lease-expired' && lease > now) return;
    sink.push('step.interrupted', { stepId, attempt, reason });
  };
}

/** Fires a due timer and does what it was for. */
export function fireTimer(timerId: string): Intent {
  return (sink, now) => {
    const timer = sink.state.timers.get(timerId);
    if (sink.state.status !== 'running' || !timer || timer.fired || timer.dueAt > now) return;
    sink.push('timer.fired', { timerId });
    if (timer.purpose === 'sleep' && timer.stepId) {
      sink.push('step.completed', {
        stepId: timer.stepId,
        attempt: 1,
        output: null,
        durationMs: 0,
      });
    } else if (timer.purpose === 'retry' && timer.stepId) {
      // `timer.fired` names no step, so point the decisions at the step it made ready.
      sink.touched.push(timer.stepId);
    } else if (timer.purpose === 'run-timeout') {
      const error = new TimeoutError(
        `run ${sink.state.runId} did not finish before its deadline ${new Date(timer.dueAt).toISOString()}`,
      );
      sink.push('run.failed', { error: serializeError(error) });
    }
  };
}

/** Completes a suspended wait step with its (validated) payload. */
export function resumeStep(
  stepId: string,
  payload: JsonValue,
  onApplied: (applied: boolean) => void,
): Intent {
  return (sink) => {
    const step = sink.state.steps.get(stepId);
    const applies = sink.state.status === 'running' && step?.status === 'suspended';
    onApplied(applies);
    if (!applies) return;
    sink.push('step.resumed', { stepId, payload });
    sink.push('step.completed', { stepId, attempt: 1, output: payload, durationMs: 0 });
  };
}

/** Settles a child step when its child run ends. */
export function settleChild(
  stepId: string,
  childRunId: string,
  outcome: { output: JsonValue } | { error: SerializedError },
): Intent {
  return (sink) => {
    const step = sink.state.steps.get(stepId);
    if (
      sink.state.status !== 'running' ||
      step?.status !== 'waiting' ||
      step.childRunId !== childRunId
    )
      return;
    if ('output' in outcome)
      sink.push('step.completed', { stepId, attempt: 1, output: outcome.output, durationMs: 0 });
    else sink.push('step.failed', { stepId, attempt: 1, error: outcome.error });
  };
}

/** Cancels a run that has not ended. */
export function cancelRun(reason: string): Intent {
  return (sink) => {
    if (sink.state.status === 'running') sink.push('run.cancelled', { reason });
  };
}

/** Records that a step's compensation ran (or failed). */
export function recordCompensation(stepId: string, error: SerializedError | undefined): Intent {
  return (sink) => {
    const step = sink.state.steps.get(stepId);
    if (sink.state.status !== 'running' || !step || step.compensated) return;
    sink.push(
      error ? 'compensation.failed' : 'compensation.completed',
      error ? { stepId, error } : { stepId },
    );
  };
}

/** Appends a custom event from a step; the step id goes in the metadata. */
export function emitCustom(type: string, data: JsonValue, stepId: string): Intent {
  return (sink) => {
    sink.push(type, data, { stepId });
  };
}
