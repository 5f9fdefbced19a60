import {
  ConfigurationError,
  type EventStore,
  hasErrorCode,
  type JsonValue,
  ValidationError,
} from '@agenticflow/core';
import {
  type AnyWorkflowDefinition,
  createWorkflowEngine,
  InvalidRunStateError,
  type RetryPolicy,
  type WorkflowEngine,
  type WorkflowEngineOptions,
} from '@agenticflow/workflows';
import type { SupervisorOutput } from './execute-plan.js';
import type { Planner, PlanRequest } from './plan-with-model.js';
import { WorkerPool } from './rank-workers.js';
import { PlanInvalidError } from './supervisor-errors.js';
import { readSupervisorEvents, type SupervisorEvent } from './supervisor-events.js';
import type { SupervisorWorker } from './supervisor-worker.js';
import {
  type PlanApproval,
  SupervisorSteps,
  type SupervisorWorkflows,
  supervisorWorkflows,
} from './supervisor-workflow.js';
import { DEFAULT_MAX_TASKS, type PlannedTask, type TaskPlan } from './task-plan.js';
import { type TaskApproval, type TaskRunInput, TaskSteps } from './task-workflow.js';
import { validatePlan } from './validate-plan.js';

/** Options of {@link createSupervisor}. */
export interface SupervisorOptions {
  /** Where runs live: every process that runs, approves or cancels them shares it. */
  readonly store: EventStore;
  /** Where plans come from: a model, or a template. */
  readonly planner: Planner;
  /** The agents tasks are assigned to. Give every process the same ones. */
  readonly workers: readonly SupervisorWorker[];
  /**
   * Names its workflows: `<name>`, `<name>-task` and `<name>-gated-task`. Supervisors with other planners or workers on
   * the same store need other names. Lower case letters, digits, `_`, `-`.
   * @defaultValue 'supervisor'
   */
  readonly name?: string;
  /** Version of its workflows; bump it when the steps change under running runs. @defaultValue 1 */
  readonly version?: number;
  /** Whether a person must approve (and may edit) each plan before it runs. @defaultValue true */
  readonly approval?: boolean;
  /** The most tasks a plan may hold. @defaultValue 20 */
  readonly maxTasks?: number;
  /** How long a worker may take on a task before it is escalated. @defaultValue 300000 */
  readonly taskTimeoutMs?: number;
  /** Retries of a task that fails (not one that times out) with the same worker. @defaultValue one attempt */
  readonly taskRetry?: RetryPolicy;
  /**
   * Which tasks a person must approve (`approveTask`) before their worker starts, beside those
   * whose plan says `requiresApproval`: a policy such as
   * `(task) => task.capabilities.includes('deploy')`.
   */
  readonly requireTaskApproval?: (task: PlannedTask) => boolean;
  /** Options of the in-process workflow engine the supervisor runs on (lease, clock, logger, …). */
  readonly engine?: Omit<WorkflowEngineOptions, 'store' | 'workflows'>;
  /**
   * Builds the engine the supervisor's runs live on, from its workflows, instead of the
   * in-process engine. To spread runs and tasks over processes on a bus, pass
   * `(workflows) => createWorker({ store, bus, workflows })` where tasks may run, and
   * `(workflows) => createWorkflowClient({ store, bus, workflows })` in a process that only starts,
   * approves and watches runs. Every process needs the same planner and workers. The supervisor
   * closes the engine on `close()`.
   */
  readonly createEngine?: (workflows: readonly AnyWorkflowDefinition[]) => Promise<WorkflowEngine>;
}

/** A started supervisor run. */
export interface SupervisorRunHandle {
  readonly runId: string;
  /** Resolves when every task is done; rejects with `RUN_FAILED` (cause: the task's error) or `RUN_CANCELLED`. */
  result(): Promise<SupervisorOutput>;
}

/** A task waiting at its approval gate. */
export interface PendingTaskApproval {
  readonly taskId: string;
  readonly task: PlannedTask;
  /** The worker that will perform it once approved. */
  readonly agentId: string;
  readonly taskRunId: string;
}

/** A supervisor: plans goals, waits for approval, and has its workers carry the plans out. */
export interface Supervisor {
  /** The engine it runs on, for recovery and inspection. */
  readonly engine: WorkflowEngine;
  /** Its workflow definitions, to register on workers or clients of other processes. */
  readonly workflows: SupervisorWorkflows;
  /** Starts a run for a goal; resolves once it is stored. */
  start(
    goal: string,
    options?: { readonly runId?: string; readonly context?: JsonValue },
  ): Promise<SupervisorRunHandle>;
  /** The plan waiting for approval, or undefined when the run is not at the gate. */
  pendingPlan(runId: string): Promise<TaskPlan | undefined>;
  /** The tasks of the run waiting for a person's approval before their worker starts. */
  pendingTaskApprovals(runId: string): Promise<PendingTaskApproval[]>;
  /**
   * Lets a task waiting for approval start. Throws `INVALID_RUN_STATE` when the task is not
   * waiting (not reached yet, already approved, or not gated).
   */
  approveTask(runId: string, taskId: string, approval?: TaskApproval): Promise<void>;
  /**
   * Lets the plan run, or a replacement given as `approval.plan`. An invalid replacement throws
   * `PLAN_INVALID` or `TASK_UNASSIGNABLE`, and the run keeps waiting.
   */
  approve(runId: string, approval?: PlanApproval): Promise<void>;
  /** Cancels the run (at the gate or while tasks run) and the assignment runs still going. */
  cancel(runId: string, reason?: string): Promise<void>;
  /** Waits for a run of this supervisor, started here or elsewhere. */
  result(runId: string): Promise<SupervisorOutput>;
  /** The run's supervisor events: its audit trail. */
  events(runId: string): Promise<SupervisorEvent[]>;
  /** Continues the unfinished runs in the store (after a restart); returns their ids. */
  recover(): Promise<string[]>;
  /**
   * Stops its engine, letting running steps finish for up to `graceMs` (the engine's default, 10 s:
   * a run whose tasks wait for approval has a step running the whole time).
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Creates a supervisor that decomposes goals into task graphs, has a person approve them, and runs
 * them on its workers as durable workflows: a restarted process carries on without redoing
 * finished tasks.
 *
 * @example
 * ```ts
 * const supervisor = await createSupervisor({
 *   store,
 *   planner: { model: createModel('openai:gpt-4o-mini') },
 *   workers: [researcher, writer],
 * });
 * const run = await supervisor.start('Write a brief on solid-state batteries');
 * console.log(await supervisor.pendingPlan(run.runId));
 * await supervisor.approve(run.runId, { actor: 'ada' });
 * console.log((await run.result()).results);
 * ```
 */
export async function createSupervisor(options: SupervisorOptions): Promise<Supervisor> {
  const settings = checkOptions(options);
  const pool = new WorkerPool(options.workers);
  let engine: WorkflowEngine | undefined;
  const workflows = supervisorWorkflows({
    ...settings,
    planner: options.planner,
    pool,
    store: options.store,
    taskRetry: options.taskRetry ?? { maxAttempts: 1 },
    requireTaskApproval: options.requireTaskApproval,
    engine: () => engine as WorkflowEngine,
  });
  const definitions = [workflows.supervisor, workflows.task, workflows.gatedTask] as const;
  engine = options.createEngine
    ? await options.createEngine(definitions)
    : await createWorkflowEngine({
        ...options.engine,
        store: options.store,
        workflows: definitions,
      });
  const running = engine;
  const result = (runId: string) => running.result<SupervisorOutput>(runId);
  const pendingTaskApprovals = async (runId: string): Promise<PendingTaskApproval[]> => {
    const pending: PendingTaskApproval[] = [];
    for (const event of await readSupervisorEvents(options.store, runId)) {
      if (event.type !== 'supervisor.task.awaiting-approval') continue;
      const taskRun = await running.getRun(event.data.taskRunId).catch(() => undefined);
      if (taskRun?.steps[TaskSteps.approve]?.status !== 'suspended') continue;
      const { task } = taskRun.input as unknown as TaskRunInput;
      pending.push({
        taskId: task.id,
        task,
        agentId: event.data.agentId,
        taskRunId: taskRun.runId,
      });
    }
    return pending;
  };
  return {
    engine: running,
    workflows,
    async start(goal, startOptions = {}) {
      if (typeof goal !== 'string' || goal.trim() === '')
        throw new ValidationError('invalid goal', [
          { path: ['goal'], message: `must be a non-empty string, got ${JSON.stringify(goal)}` },
        ]);
      const input: PlanRequest = {
        goal,
        ...(startOptions.context !== undefined ? { context: startOptions.context } : {}),
      };
      const handle = await running.start(
        workflows.supervisor,
        input,
        startOptions.runId ? { runId: startOptions.runId } : {},
      );
      return { runId: handle.runId, result: () => result(handle.runId) };
    },
    async pendingPlan(runId) {
      const run = await running.getRun(runId);
      if (run.steps[SupervisorSteps.approve]?.status !== 'suspended') return undefined;
      return run.steps[SupervisorSteps.plan]?.output as TaskPlan | undefined;
    },
    pendingTaskApprovals,
    async approveTask(runId, taskId, approval = {}) {
      const waiting = (await pendingTaskApprovals(runId)).find((entry) => entry.taskId === taskId);
      if (!waiting)
        throw new InvalidRunStateError(
          `task ${JSON.stringify(taskId)} of run ${runId} is not waiting for approval: see pendingTaskApprovals(runId)`,
          { runId, taskId },
        );
      await running.resume(waiting.taskRunId, TaskSteps.approve, {
        ...(approval.actor !== undefined ? { actor: approval.actor } : {}),
        ...(approval.comment !== undefined ? { comment: approval.comment } : {}),
      });
    },
    async approve(runId, approval = {}) {
      let payload = approval;
      if (approval.plan !== undefined) {
        const checked = validatePlan(approval.plan, { maxTasks: settings.maxTasks });
        if (!checked.ok)
          throw new PlanInvalidError(
            'the approver',
            checked.issues,
            'fix the edited plan and approve again; the run still waits',
          );
        pool.assertAssignable(checked.plan);
        payload = { ...approval, plan: checked.plan };
      }
      await running.resume(runId, SupervisorSteps.approve, payload);
    },
    async cancel(runId, reason = 'cancelled by request') {
      await running.cancel(runId, reason);
      // The execute step stops its assignment runs when its signal aborts; this covers a process
      // that died before it could.
      for (const event of await readSupervisorEvents(options.store, runId)) {
        if (event.type !== 'supervisor.task.assigned') continue;
        await running.cancel(event.data.taskRunId, reason).catch((error: unknown) => {
          if (!hasErrorCode(error, 'INVALID_RUN_STATE') && !hasErrorCode(error, 'NOT_FOUND'))
            throw error;
        });
      }
    },
    result,
    events: (runId) => readSupervisorEvents(options.store, runId),
    recover: () => running.recover(),
    close: (graceMs) => running.close(graceMs),
  };
}

function checkOptions(options: SupervisorOptions) {
  const name = options.name ?? 'supervisor';
  if (!/^[a-z][a-z0-9_-]{0,90}$/.test(name))
    throw new ConfigurationError(
      `supervisor name ${JSON.stringify(name)} must be lower case letters, digits, "_" or "-", starting with a letter`,
    );
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  if (!Number.isInteger(maxTasks) || maxTasks < 1)
    throw new ConfigurationError(`maxTasks must be an integer >= 1, got ${String(maxTasks)}`);
  const taskTimeoutMs = options.taskTimeoutMs ?? 300_000;
  if (!Number.isFinite(taskTimeoutMs) || taskTimeoutMs <= 0)
    throw new ConfigurationError(
      `taskTimeoutMs must be a positive number of ms, got ${String(taskTimeoutMs)}`,
    );
  if (options.createEngine !== undefined && typeof options.createEngine !== 'function')
    throw new ConfigurationError(
      `createEngine must be a function (workflows) => Promise<WorkflowEngine>, got ${typeof options.createEngine}`,
    );
  if (options.createEngine !== undefined && options.engine !== undefined)
    throw new ConfigurationError(
      'engine options and createEngine cannot be combined: pass the options to the engine createEngine builds',
    );
  const planner = options.planner as Partial<Record<'model' | 'template', unknown>> | undefined;
  if (!planner || (planner.model === undefined && planner.template === undefined))
    throw new ConfigurationError(
      'planner must be { model } (a Model that writes plans) or { template } (a plan or a function returning one)',
    );
  return {
    name,
    version: options.version ?? 1,
    approval: options.approval ?? true,
    maxTasks,
    taskTimeoutMs,
  };
}
