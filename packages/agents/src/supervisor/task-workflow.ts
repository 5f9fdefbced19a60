import { AbortedError, type JsonValue } from '@agenticflow/core';
import {
  type RetryPolicy,
  type StepContext,
  type WorkflowDefinition,
  workflow,
} from '@agenticflow/workflows';
import { lazyZod } from '../validation/lazy-zod.js';
import type { WorkerPool } from './rank-workers.js';
import { WorkerNotFoundError } from './supervisor-errors.js';
import type { PlannedTask } from './task-plan.js';

/** The input of one assignment run: a task given to one worker. */
export interface TaskRunInput {
  readonly supervisorRunId: string;
  readonly goal: string;
  /** The supervisor run's context, when it was started with one. */
  readonly context?: JsonValue;
  readonly task: PlannedTask;
  readonly agentId: string;
  readonly escalation: number;
  readonly timeoutMs: number;
  readonly dependencies: Readonly<Record<string, JsonValue>>;
}

/** How an assignment ended: with a result, or with the worker out of time. */
export type TaskRunOutput =
  | { readonly outcome: 'completed'; readonly result: JsonValue; readonly durationMs: number }
  | { readonly outcome: 'timed-out'; readonly timeoutMs: number };

/** The step ids of an assignment run. */
export const TaskSteps = { approve: 'approve', perform: 'perform' } as const;

/** What `supervisor.approveTask` sends to the gate of a task that needs approval. */
export interface TaskApproval {
  /** Who approved, for the audit trail. */
  readonly actor?: string;
  readonly comment?: string;
}

/**
 * The workflow of one assignment: a single step that has the worker perform the task within its
 * timeout. A timeout is an outcome, not a failure, so the step is not retried with the same worker:
 * the supervisor escalates instead.
 */
export function taskWorkflow(
  name: string,
  version: number,
  pool: WorkerPool,
  retry: RetryPolicy,
): WorkflowDefinition<undefined, TaskRunOutput> {
  return workflow(name, { version })
    .step(TaskSteps.perform, {
      retry,
      run: (ctx) => performTask(ctx as unknown as StepContext<TaskRunInput>, pool),
    })
    .build({ output: (outputs) => outputs.perform as TaskRunOutput });
}

/**
 * The workflow of the first assignment of a task that needs approval: it waits (durably, for as
 * long as it takes) at an `approve` gate, then performs like {@link taskWorkflow}. The worker's
 * timeout starts after the approval.
 */
export function gatedTaskWorkflow(
  name: string,
  version: number,
  pool: WorkerPool,
  retry: RetryPolicy,
): WorkflowDefinition<undefined, TaskRunOutput> {
  const z = lazyZod();
  return workflow(name, { version })
    .waitFor(TaskSteps.approve, {
      payload: z.object({ actor: z.string().min(1).optional(), comment: z.string().optional() }),
    })
    .step(TaskSteps.perform, {
      dependsOn: [TaskSteps.approve],
      retry,
      run: (ctx) => performTask(ctx as unknown as StepContext<TaskRunInput>, pool),
    })
    .build({
      output: (outputs) => outputs.perform as TaskRunOutput,
    }) as unknown as WorkflowDefinition<undefined, TaskRunOutput>;
}

async function performTask(
  ctx: StepContext<TaskRunInput>,
  pool: WorkerPool,
): Promise<TaskRunOutput> {
  const input = ctx.runInput as TaskRunInput;
  const worker = pool.byId.get(input.agentId);
  if (!worker) throw new WorkerNotFoundError(input.agentId, [...pool.byId.keys()]);
  const controller = new AbortController();
  const timers: { timeout?: ReturnType<typeof setTimeout> } = {};
  let onCancel = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    onCancel = () => {
      controller.abort(ctx.signal.reason);
      reject(new AbortedError(`task ${input.task.id} was stopped`, { cause: ctx.signal.reason }));
    };
    if (ctx.signal.aborted) onCancel();
    else ctx.signal.addEventListener('abort', onCancel, { once: true });
  });
  const timedOut = new Promise<'timeout'>((resolve) => {
    timers.timeout = setTimeout(() => resolve('timeout'), input.timeoutMs);
  });
  const startedAt = Date.now();
  const finish = pool.begin(worker.id);
  try {
    const work = worker.perform(input.task, {
      signal: controller.signal,
      dependencies: input.dependencies,
      goal: input.goal,
      ...(input.context !== undefined ? { context: input.context } : {}),
      runId: input.supervisorRunId,
      taskRunId: ctx.runId,
      idempotencyKey: `${input.supervisorRunId}/${input.task.id}`,
      escalation: input.escalation,
    });
    // The worker may settle after the race is decided (a timeout): that late outcome is dropped.
    work.catch(() => {});
    const outcome = await Promise.race([work.then((result) => ({ result })), timedOut, cancelled]);
    const durationMs = Date.now() - startedAt;
    if (outcome === 'timeout') {
      controller.abort(
        new AbortedError(`task ${input.task.id} timed out after ${input.timeoutMs} ms`),
      );
      finish('failure', durationMs);
      return { outcome: 'timed-out', timeoutMs: input.timeoutMs };
    }
    finish('success', durationMs);
    return { outcome: 'completed', result: outcome.result, durationMs };
  } catch (error) {
    finish('failure', Date.now() - startedAt);
    throw error;
  } finally {
    clearTimeout(timers.timeout);
    ctx.signal.removeEventListener('abort', onCancel);
    cancelled.catch(() => {});
  }
}
