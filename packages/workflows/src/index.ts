export { createWorker, type Worker, type WorkerOptions } from './api/create-worker.js';
export { createWorkflowClient, type WorkflowClientOptions } from './api/create-workflow-client.js';
export {
  createWorkflowEngine,
  type RunHandle,
  type WorkflowEngine,
  type WorkflowEngineOptions,
} from './api/create-workflow-engine.js';
export { type ForkRunOptions, forkRun } from './api/fork-run.js';
export { type ReplayRunOptions, replayRun } from './api/replay-run.js';
export { type RetryPolicy, retryableByDefault } from './definition/retry-policy.js';
export type {
  AnyWorkflowDefinition,
  FailurePolicy,
  StepSource,
  WorkflowDefinition,
  WorkflowInput,
  WorkflowOutput,
  WorkflowStartInput,
} from './definition/step-definition.js';
export {
  type ChildStepOptions,
  type MapStepOptions,
  type SleepStepOptions,
  type TaskStepOptions,
  type WaitStepOptions,
  WorkflowBuilder,
  type WorkflowOptions,
  workflow,
} from './definition/workflow-builder.js';
export {
  type MapItemContext,
  type StepContext,
  type StepLogger,
  silentLogger,
} from './engine/step-context.js';
export {
  InvalidRunStateError,
  RunCancelledError,
  RunFailedError,
  WorkflowDefinitionError,
  WorkflowNotRegisteredError,
} from './errors.js';
export * as RunEvents from './events/run-events.js';
export { runIdOfStream, runStreamId } from './events/run-events.js';
export { applyRunEvent } from './state/apply-run-event.js';
export type { RunSnapshot, StepSnapshot } from './state/run-snapshot.js';
export type { RunStatus, StepStatus, TimerState } from './state/run-state.js';
