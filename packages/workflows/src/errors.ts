import {
  AgenticFlowError,
  type AgenticFlowErrorOptions,
  hasErrorCode,
  type ValidationIssue,
} from '@agenticflow/core';

/** A workflow definition is invalid: a cycle, a dangling dependency, a duplicate step. */
export class WorkflowDefinitionError extends AgenticFlowError {
  constructor(
    readonly workflow: string,
    readonly problems: readonly ValidationIssue[],
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'INVALID_WORKFLOW',
      `workflow ${workflow} is invalid: ${problems.map((problem) => `${problem.path.join('.') || '(workflow)'}: ${problem.message}`).join('; ')}`,
      { ...options, details: { ...options.details, workflow, issues: problems } },
    );
    this.name = 'WorkflowDefinitionError';
  }

  static is(value: unknown): value is WorkflowDefinitionError {
    return hasErrorCode(value, 'INVALID_WORKFLOW');
  }
}

/** A run names a workflow (and version) this worker does not know. */
export class WorkflowNotRegisteredError extends AgenticFlowError {
  constructor(
    workflow: string,
    version: number,
    known: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'WORKFLOW_NOT_REGISTERED',
      `workflow ${workflow} version ${version} is not registered here (known: ${known.join(', ') || 'none'}): pass it in \`workflows\``,
      { ...options, details: { ...options.details, workflow, version, known } },
    );
    this.name = 'WorkflowNotRegisteredError';
  }

  static is(value: unknown): value is WorkflowNotRegisteredError {
    return hasErrorCode(value, 'WORKFLOW_NOT_REGISTERED');
  }
}

/** The operation does not fit the run's current state (resuming a step that is not suspended). */
export class InvalidRunStateError extends AgenticFlowError {
  constructor(
    message: string,
    details: Record<string, unknown>,
    options: AgenticFlowErrorOptions = {},
  ) {
    super('INVALID_RUN_STATE', message, {
      ...options,
      details: { ...options.details, ...details },
    });
    this.name = 'InvalidRunStateError';
  }

  static is(value: unknown): value is InvalidRunStateError {
    return hasErrorCode(value, 'INVALID_RUN_STATE');
  }
}

/** A run ended in failure; `cause` is the step's error. */
export class RunFailedError extends AgenticFlowError {
  constructor(
    readonly runId: string,
    message: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super('RUN_FAILED', `run ${runId} failed: ${message}`, {
      ...options,
      details: { ...options.details, runId },
    });
    this.name = 'RunFailedError';
  }

  static is(value: unknown): value is RunFailedError {
    return hasErrorCode(value, 'RUN_FAILED');
  }
}

/** A run was cancelled. */
export class RunCancelledError extends AgenticFlowError {
  constructor(
    readonly runId: string,
    reason: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super('RUN_CANCELLED', `run ${runId} was cancelled: ${reason}`, {
      ...options,
      details: { ...options.details, runId, reason },
    });
    this.name = 'RunCancelledError';
  }

  static is(value: unknown): value is RunCancelledError {
    return hasErrorCode(value, 'RUN_CANCELLED');
  }
}
