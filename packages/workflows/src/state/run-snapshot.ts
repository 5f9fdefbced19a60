import type { JsonValue, SerializedError } from '@agenticflow/core';
import {
  type RunState,
  type RunStatus,
  runStatus,
  type StepStatus,
  type TimerState,
} from './run-state.js';

/** A step as shown to users. */
export interface StepSnapshot {
  readonly status: StepStatus;
  readonly attempt: number;
  readonly failures: number;
  readonly output?: JsonValue;
  readonly error?: SerializedError;
  readonly workerId?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly durationMs?: number;
  readonly childRunId?: string;
}

/** A plain, immutable view of a run's state at some version: what `getRun` and `replayRun` return. */
export interface RunSnapshot {
  readonly runId: string;
  readonly workflow: string;
  readonly workflowVersion: number;
  readonly status: RunStatus;
  /** The stream version the snapshot reflects. */
  readonly version: number;
  readonly input: JsonValue;
  readonly output?: JsonValue;
  readonly error?: SerializedError;
  readonly cancelReason?: string;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly parent?: { readonly runId: string; readonly stepId: string };
  readonly forkedFrom?: { readonly runId: string; readonly version: number };
  readonly steps: Readonly<Record<string, StepSnapshot>>;
  readonly timers: readonly TimerState[];
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** Copies a run state into a {@link RunSnapshot}. */
export function toRunSnapshot(state: RunState): RunSnapshot {
  const steps: Record<string, StepSnapshot> = {};
  for (const [id, step] of state.steps) {
    steps[id] = defined({
      status: step.status,
      attempt: step.attempt,
      failures: step.failures,
      output: step.output,
      error: step.error,
      workerId: step.workerId,
      startedAt: step.startedAt,
      endedAt: step.endedAt,
      durationMs: step.durationMs,
      childRunId: step.childRunId,
    });
  }
  return defined({
    runId: state.runId,
    workflow: state.workflow,
    workflowVersion: state.workflowVersion,
    status: runStatus(state),
    version: state.version,
    input: state.input,
    output: state.output,
    error: state.error,
    cancelReason: state.cancelReason,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    parent: state.parent,
    forkedFrom: state.forkedFrom,
    steps,
    timers: [...state.timers.values()].map((timer) => ({ ...timer })),
  });
}
