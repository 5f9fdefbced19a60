export {
  createSupervisor,
  type PendingTaskApproval,
  type Supervisor,
  type SupervisorOptions,
  type SupervisorRunHandle,
} from './create-supervisor.js';
export type { SupervisorOutput } from './execute-plan.js';
export type {
  ModelPlanner,
  Planner,
  PlanRequest,
  TemplatePlanner,
} from './plan-with-model.js';
export {
  PlanInvalidError,
  TaskEscalationExhaustedError,
  TaskFailedError,
  TaskUnassignableError,
  type UnassignableTask,
  WorkerNotFoundError,
} from './supervisor-errors.js';
export {
  type PlanApprovedData,
  type PlanEditedData,
  type PlanInvalidData,
  type PlanProposedData,
  readSupervisorEvents,
  type SupervisorEvent,
  SupervisorEventTypes,
  type TaskApprovedData,
  type TaskAssignedData,
  type TaskAwaitingApprovalData,
  type TaskCompletedData,
  type TaskEscalatedData,
  type TaskFailedData,
} from './supervisor-events.js';
export type { SupervisorWorker, TaskContext } from './supervisor-worker.js';
export {
  type PlanApproval,
  SupervisorSteps,
  type SupervisorWorkflows,
} from './supervisor-workflow.js';
export {
  DEFAULT_MAX_TASKS,
  type PlannedTask,
  type TaskPlan,
  taskPlanJsonSchema,
} from './task-plan.js';
export {
  type TaskApproval,
  type TaskRunInput,
  type TaskRunOutput,
  TaskSteps,
} from './task-workflow.js';
export { type PlanValidation, type ValidatePlanOptions, validatePlan } from './validate-plan.js';
