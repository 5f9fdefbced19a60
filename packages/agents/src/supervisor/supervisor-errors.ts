import {
  AgenticFlowError,
  type AgenticFlowErrorOptions,
  hasErrorCode,
  type ValidationIssue,
} from '@agenticflow/core';
import { issueLines } from '../validation/value-check.js';

/** A task plan (from the model, a template or an approver's edit) is not runnable. */
export class PlanInvalidError extends AgenticFlowError {
  constructor(
    readonly source: string,
    readonly issues: readonly ValidationIssue[],
    hint: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'PLAN_INVALID',
      `the plan from ${source} is invalid: ${issueLines(issues).join('; ')}: ${hint}`,
      {
        ...options,
        details: { ...options.details, source, issues },
      },
    );
    this.name = 'PlanInvalidError';
  }

  static is(value: unknown): value is PlanInvalidError {
    return hasErrorCode(value, 'PLAN_INVALID');
  }
}

/** A task whose capabilities no worker of the supervisor offers. */
export interface UnassignableTask {
  readonly taskId: string;
  readonly capabilities: readonly string[];
}

/** Some tasks of a plan cannot be assigned: no worker offers all their capabilities. */
export class TaskUnassignableError extends AgenticFlowError {
  constructor(
    readonly tasks: readonly UnassignableTask[],
    readonly available: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    const list = tasks
      .map((task) => `${task.taskId} (needs ${task.capabilities.join(' + ')})`)
      .join(', ');
    super(
      'TASK_UNASSIGNABLE',
      `no worker can perform ${list}; the workers offer: ${available.join(', ') || 'nothing'}: add a worker with those capabilities, or change the plan`,
      { ...options, details: { ...options.details, tasks, available } },
    );
    this.name = 'TaskUnassignableError';
  }

  static is(value: unknown): value is TaskUnassignableError {
    return hasErrorCode(value, 'TASK_UNASSIGNABLE');
  }
}

/** Every capable worker timed out on a task: the run fails. */
export class TaskEscalationExhaustedError extends AgenticFlowError {
  constructor(
    readonly taskId: string,
    readonly triedAgents: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'TASK_ESCALATION_EXHAUSTED',
      `task ${taskId} timed out with every capable worker (${triedAgents.join(', ')}): raise its timeoutMs, add workers, or split the task`,
      { ...options, details: { ...options.details, taskId, triedAgents } },
    );
    this.name = 'TaskEscalationExhaustedError';
  }

  static is(value: unknown): value is TaskEscalationExhaustedError {
    return hasErrorCode(value, 'TASK_ESCALATION_EXHAUSTED');
  }
}

/** A worker failed a task (after the task's retries); `cause` is its error. */
export class TaskFailedError extends AgenticFlowError {
  constructor(
    readonly taskId: string,
    readonly agentId: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(
      'TASK_FAILED',
      `worker ${agentId} failed task ${taskId}: ${reason}: see the task run's events, fix the cause and start a new run`,
      { ...options, details: { ...options.details, taskId, agentId } },
    );
    this.name = 'TaskFailedError';
  }

  static is(value: unknown): value is TaskFailedError {
    return hasErrorCode(value, 'TASK_FAILED');
  }
}

/** A task run names a worker this process does not have. */
export class WorkerNotFoundError extends AgenticFlowError {
  constructor(
    readonly agentId: string,
    readonly known: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'WORKER_NOT_FOUND',
      `worker ${agentId} is not among this supervisor's workers (${known.join(', ') || 'none'}): give every process running the supervisor the same workers`,
      { ...options, details: { ...options.details, agentId, known } },
    );
    this.name = 'WorkerNotFoundError';
  }

  static is(value: unknown): value is WorkerNotFoundError {
    return hasErrorCode(value, 'WORKER_NOT_FOUND');
  }
}
