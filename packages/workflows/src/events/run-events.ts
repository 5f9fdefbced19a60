import type { JsonValue, SerializedError } from '@agenticflow/core';

/**
 * The event types of a run stream (`run-<runId>`). A run's state is a fold of these; see
 * `applyRunEvent`. Each `data` shape is documented by the interface of the same name.
 */
export const RunEventTypes = {
  runStarted: 'run.started',
  runCompleted: 'run.completed',
  runFailed: 'run.failed',
  runCancelled: 'run.cancelled',
  stepScheduled: 'step.scheduled',
  stepStarted: 'step.started',
  stepHeartbeat: 'step.heartbeat',
  stepCompleted: 'step.completed',
  stepFailed: 'step.failed',
  stepInterrupted: 'step.interrupted',
  stepSkipped: 'step.skipped',
  stepExpanded: 'step.expanded',
  stepSuspended: 'step.suspended',
  stepResumed: 'step.resumed',
  childStarted: 'child.started',
  timerScheduled: 'timer.scheduled',
  timerFired: 'timer.fired',
  compensationCompleted: 'compensation.completed',
  compensationFailed: 'compensation.failed',
} as const;

/** Type prefixes reserved for the engine; custom events from `ctx.emit` may not use them. */
export const RESERVED_EVENT_PREFIXES = [
  'run.',
  'step.',
  'timer.',
  'child.',
  'compensation.',
] as const;

export interface RunStartedData {
  readonly workflow: string;
  readonly workflowVersion: number;
  readonly input: JsonValue;
  /** Set on a child run: the parent run and the step waiting for it. */
  readonly parent?: { readonly runId: string; readonly stepId: string };
  /** Set on a forked run: where its history was copied from. */
  readonly forkedFrom?: { readonly runId: string; readonly version: number };
  /** Run timeout, if any, as an absolute epoch-ms deadline. */
  readonly deadline?: number;
}
export interface StepScheduledData {
  readonly stepId: string;
  readonly attempt: number;
}
export interface StepStartedData {
  readonly stepId: string;
  readonly attempt: number;
  readonly workerId: string;
  /** Epoch ms after which another worker may take the step over. */
  readonly leaseExpiresAt: number;
}
export interface StepHeartbeatData {
  readonly stepId: string;
  readonly attempt: number;
  readonly leaseExpiresAt: number;
}
export interface StepCompletedData {
  readonly stepId: string;
  readonly attempt: number;
  readonly output: JsonValue;
  readonly durationMs: number;
}
export interface StepFailedData {
  readonly stepId: string;
  readonly attempt: number;
  readonly error: SerializedError;
  /** When the step will run again (epoch ms), or absent when this failure is final. */
  readonly retryAt?: number;
}
export interface StepInterruptedData {
  readonly stepId: string;
  readonly attempt: number;
  readonly reason: 'lease-expired' | 'taken-over' | 'cancelled';
}
export interface StepSkippedData {
  readonly stepId: string;
  /** `condition`: its `when` was false; `upstream-skipped`: every step it depends on was skipped. */
  readonly reason: 'condition' | 'upstream-skipped';
}
export interface StepExpandedData {
  readonly stepId: string;
  readonly count: number;
}
export interface StepSuspendedData {
  readonly stepId: string;
}
export interface StepResumedData {
  readonly stepId: string;
  readonly payload: JsonValue;
}
export interface ChildStartedData {
  readonly stepId: string;
  readonly childRunId: string;
}
export interface TimerScheduledData {
  readonly timerId: string;
  readonly dueAt: number;
  readonly purpose: 'sleep' | 'retry' | 'run-timeout';
  readonly stepId?: string;
}
export interface TimerFiredData {
  readonly timerId: string;
}
export interface RunCompletedData {
  readonly output: JsonValue;
}
export interface RunFailedData {
  readonly error: SerializedError;
  readonly stepId?: string;
}
export interface RunCancelledData {
  readonly reason: string;
}
export interface CompensationData {
  readonly stepId: string;
  readonly error?: SerializedError;
}

/** The stream of a run. */
export function runStreamId(runId: string): string {
  return `run-${runId}`;
}

/** The run id of a run stream, or undefined for another stream. */
export function runIdOfStream(streamId: string): string | undefined {
  return streamId.startsWith('run-') ? streamId.slice(4) : undefined;
}
