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
import { DEFAULT_MAX_TASKS, type TaskPlan } from './task-plan.js';
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
   * Names its workflows: `<name>` and `<name>-task`. Supervisors with other planners or workers on
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
  /** Options of the in-process workflow engine the supervisor runs on (lease, clock, logger, …). */
  readonly engine?: Omit<WorkflowEngineOptions, 'store' | 'workflows'>;
  /**
   * Builds the engine the supervisor's runs live on, from its two workflows, instead of the
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
  /** Stops its engine. */
  close(): Promise<void>;
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
    engine: () => engine as WorkflowEngine,
  });
  const definitions = [workflows.supervisor, workflows.task] as const;
  engine = options.createEngine
    ? await options.createEngine(definitions)
    : await createWorkflowEngine({
        ...options.engine,
        store: options.store,
        workflows: definitions,
      });
  const running = engine;
  const result = (runId: string) => running.result<SupervisorOutput>(runId);
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
    close: () => running.close(),
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
