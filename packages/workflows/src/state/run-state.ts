import type { JsonValue, SerializedError } from '@agenticflow/core';

/**
 * Where a step stands. A step without a state has not been reached yet.
 * - `ready`: due to be scheduled again (after a retry timer or an interrupted attempt);
 * - `scheduled`: waiting for a worker; `running`: a worker holds its lease;
 * - `waiting`: on a timer (sleep, retry backoff) or a child run; `suspended`: on `resume`.
 */
export type StepStatus =
  | 'ready'
  | 'scheduled'
  | 'running'
  | 'waiting'
  | 'suspended'
  | 'completed'
  | 'failed'
  | 'skipped';

/** Where a run stands. `suspended`: only suspended steps are left; `resume` continues it. */
export type RunStatus = 'running' | 'suspended' | 'completed' | 'failed' | 'cancelled';

/** The folded state of one step (or one map item, whose id is `<step>[<index>]`). */
export interface StepState {
  readonly id: string;
  status: StepStatus;
  /** Executions scheduled so far (1 after the first). */
  attempt: number;
  /** Failed attempts, counted against the retry policy (takeovers are not). */
  failures: number;
  output?: JsonValue;
  error?: SerializedError;
  workerId?: string;
  leaseExpiresAt?: number;
  startedAt?: string;
  endedAt?: string;
  durationMs?: number;
  /** Map steps: the number of items. */
  itemCount?: number;
  /** Map steps: items finished so far. */
  itemsDone?: number;
  /** Child steps: the child's run id. */
  childRunId?: string;
  skipReason?: 'condition' | 'upstream-skipped';
  /** Set once its compensation ran (or failed). */
  compensated?: boolean;
}

/** A durable timer of a run. */
export interface TimerState {
  readonly timerId: string;
  readonly dueAt: number;
  readonly purpose: 'sleep' | 'retry' | 'run-timeout';
  readonly stepId?: string;
  fired: boolean;
}

/** The state of a run, folded from its stream by `applyRunEvent`. */
export interface RunState {
  readonly runId: string;
  workflow: string;
  workflowVersion: number;
  input: JsonValue;
  /** `running` until a terminal event; see `runStatus` for the `suspended` view. */
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  /** Stream version this state reflects. */
  version: number;
  startedAt?: string;
  endedAt?: string;
  output?: JsonValue;
  error?: SerializedError;
  cancelReason?: string;
  parent?: { readonly runId: string; readonly stepId: string };
  forkedFrom?: { readonly runId: string; readonly version: number };
  deadline?: number;
  /** W3C trace context of the run's span, from the `run.started` metadata (when traced). */
  traceparent?: string;
  readonly steps: Map<string, StepState>;
  readonly timers: Map<string, TimerState>;
  /** Order in which steps completed, for compensation. */
  readonly completionOrder: string[];
  /** Custom events appended by steps. */
  customEvents: number;
}

/** A run that has no events yet. */
export function emptyRunState(runId: string): RunState {
  return {
    runId,
    workflow: '',
    workflowVersion: 0,
    input: null,
    status: 'running',
    version: 0,
    steps: new Map(),
    timers: new Map(),
    completionOrder: [],
    customEvents: 0,
  };
}

/** True once the run has a terminal event. */
export function isTerminal(state: RunState): boolean {
  return state.status !== 'running';
}

/** The run status as users see it: `suspended` when only suspended steps remain. */
export function runStatus(state: RunState): RunStatus {
  if (state.status !== 'running') return state.status;
  let suspended = false;
  for (const step of state.steps.values()) {
    if (step.status === 'suspended') suspended = true;
    else if (
      step.status === 'ready' ||
      step.status === 'scheduled' ||
      step.status === 'running' ||
      step.status === 'waiting'
    )
      return 'running';
  }
  return suspended ? 'suspended' : 'running';
}

/** Id of item `index` of map step `stepId`. */
export function mapItemId(stepId: string, index: number): string {
  return `${stepId}[${index}]`;
}

/** The map step and index of an item id, or undefined for a plain step id. */
export function parseMapItemId(id: string): { stepId: string; index: number } | undefined {
  const open = id.indexOf('[');
  if (open < 0) return undefined;
  return { stepId: id.slice(0, open), index: Number(id.slice(open + 1, -1)) };
}
