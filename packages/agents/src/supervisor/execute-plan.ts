import {
  type EventStore,
  hasErrorCode,
  isAgenticFlowError,
  type JsonValue,
} from '@agenticflow/core';
import type { StepContext, WorkflowDefinition, WorkflowEngine } from '@agenticflow/workflows';
import type { PlanRequest } from './plan-with-model.js';
import type { WorkerPool } from './rank-workers.js';
import {
  TaskEscalationExhaustedError,
  TaskFailedError,
  TaskUnassignableError,
} from './supervisor-errors.js';
import {
  type TaskApprovedData,
  type TaskAssignedData,
  type TaskAwaitingApprovalData,
  type TaskCompletedData,
  type TaskEscalatedData,
  type TaskFailedData,
  SupervisorEventTypes as Types,
} from './supervisor-events.js';
import type { SupervisorJournal } from './supervisor-journal.js';
import type { PlannedTask, TaskPlan } from './task-plan.js';
import {
  type TaskApproval,
  type TaskRunInput,
  type TaskRunOutput,
  TaskSteps,
} from './task-workflow.js';

/** What a supervisor run outputs once every task is done. */
export interface SupervisorOutput {
  /** The plan that ran (the approver's edit, if any). */
  readonly plan: TaskPlan;
  /** Each task's result, by task id. */
  readonly results: Readonly<Record<string, JsonValue>>;
  /** The worker that completed each task, by task id. */
  readonly assignments: Readonly<Record<string, string>>;
}

/** What executing a plan needs from the supervisor. */
export interface ExecutionContext {
  readonly engine: WorkflowEngine;
  readonly store: EventStore;
  readonly pool: WorkerPool;
  readonly taskWorkflow: WorkflowDefinition<undefined, TaskRunOutput>;
  /** The first assignment of a task that needs approval waits at this workflow's gate. */
  readonly gatedTaskWorkflow: WorkflowDefinition<undefined, TaskRunOutput>;
  readonly requireTaskApproval: ((task: PlannedTask) => boolean) | undefined;
  readonly defaultTimeoutMs: number;
}

/**
 * Runs the tasks of a plan, each in its own assignment run, as soon as its dependencies are done
 * (in parallel where the graph allows). Assignment runs have ids derived from the task and the
 * escalation count, so running this again after a crash finds the runs already started, waits
 * for (or reads) their outcomes, and starts only what is missing: no completed task runs twice.
 */
export async function executePlan(
  step: StepContext,
  request: PlanRequest,
  plan: TaskPlan,
  journal: SupervisorJournal,
  context: ExecutionContext,
): Promise<SupervisorOutput> {
  const results: Record<string, JsonValue> = {};
  const assignments: Record<string, string> = {};
  const taskRuns = new Set<string>();
  const pending = new Map<string, Promise<void>>();
  const stopTaskRuns = (reason: string) => {
    for (const taskRunId of taskRuns)
      context.engine.cancel(taskRunId, reason).catch(() => {
        // Already ended: nothing to stop.
      });
  };
  const onAbort = () => stopTaskRuns(`supervisor run ${step.runId} stopped`);
  step.signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      for (const task of plan.tasks) {
        if (task.id in results || pending.has(task.id)) continue;
        if (!task.dependsOn.every((dependency) => dependency in results)) continue;
        const dependencies = Object.fromEntries(
          task.dependsOn.map((dependency) => [dependency, results[dependency] ?? null]),
        );
        const running = runTask(step, request, task, dependencies, journal, context, taskRuns).then(
          ({ result, agentId }) => {
            results[task.id] = result;
            assignments[task.id] = agentId;
            pending.delete(task.id);
          },
        );
        pending.set(task.id, running);
      }
      if (pending.size === 0) break;
      await Promise.race(pending.values());
    }
  } catch (error) {
    stopTaskRuns(`another task of supervisor run ${step.runId} failed`);
    for (const other of pending.values()) other.catch(() => {});
    throw error;
  } finally {
    step.signal.removeEventListener('abort', onAbort);
  }
  return { plan, results, assignments };
}

/** Whether a person must approve the task before its first worker starts it. */
export function needsApproval(
  task: PlannedTask,
  context: Pick<ExecutionContext, 'requireTaskApproval'>,
): boolean {
  return task.requiresApproval === true || context.requireTaskApproval?.(task) === true;
}

/** Records who approved a gated task, from its run's gate (once, like every journal entry). */
async function recordApproval(
  engine: WorkflowEngine,
  journal: SupervisorJournal,
  taskId: string,
  taskRunId: string,
): Promise<void> {
  const gate = (await engine.getRun(taskRunId)).steps[TaskSteps.approve];
  const approval = (gate?.output ?? {}) as TaskApproval;
  await journal.record<TaskApprovedData>(Types.taskApproved, {
    taskId,
    taskRunId,
    ...(approval.actor !== undefined ? { actor: approval.actor } : {}),
    ...(approval.comment !== undefined ? { comment: approval.comment } : {}),
  });
}

async function runTask(
  step: StepContext,
  request: PlanRequest,
  task: PlannedTask,
  dependencies: Record<string, JsonValue>,
  journal: SupervisorJournal,
  context: ExecutionContext,
  taskRuns: Set<string>,
): Promise<{ result: JsonValue; agentId: string }> {
  const { engine, pool } = context;
  const tried: string[] = [];
  let next: string | undefined;
  for (let escalation = 0; ; escalation++) {
    const taskRunId = `${step.runId}:${task.id}:${escalation}`;
    const existing = await engine.getRun(taskRunId).catch((error: unknown) => {
      if (hasErrorCode(error, 'NOT_FOUND')) return undefined;
      throw error;
    });
    const agentId =
      (existing?.input as TaskRunInput | undefined)?.agentId ??
      next ??
      pool.rank(task.capabilities, tried)[0];
    if (agentId === undefined)
      throw new TaskUnassignableError([{ taskId: task.id, capabilities: task.capabilities }], []);
    await journal.record<TaskAssignedData>(Types.taskAssigned, {
      taskId: task.id,
      agentId,
      escalation,
      taskRunId,
    });
    // Approval is asked once: an escalation goes to the next worker without a new gate.
    const gated = existing
      ? existing.workflow === context.gatedTaskWorkflow.name
      : escalation === 0 && needsApproval(task, context);
    if (gated)
      await journal.record<TaskAwaitingApprovalData>(Types.taskAwaitingApproval, {
        taskId: task.id,
        agentId,
        taskRunId,
      });
    if (!existing) {
      const input: TaskRunInput = {
        supervisorRunId: step.runId,
        goal: request.goal,
        ...(request.context !== undefined ? { context: request.context } : {}),
        task,
        agentId,
        escalation,
        timeoutMs: task.timeoutMs ?? context.defaultTimeoutMs,
        dependencies,
      };
      await engine.start(gated ? context.gatedTaskWorkflow : context.taskWorkflow, input as never, {
        runId: taskRunId,
      });
    }
    taskRuns.add(taskRunId);
    let output: TaskRunOutput;
    try {
      output = (await engine.result(taskRunId)) as TaskRunOutput;
    } catch (error) {
      if (step.signal.aborted) throw error;
      const cause = isAgenticFlowError(error) && error.cause !== undefined ? error.cause : error;
      const failed = new TaskFailedError(task.id, agentId, { cause });
      await journal.record<TaskFailedData>(Types.taskFailed, {
        taskId: task.id,
        agentId,
        message: failed.message,
        ...(isAgenticFlowError(cause) ? { code: cause.code } : {}),
      });
      throw failed;
    } finally {
      taskRuns.delete(taskRunId);
    }
    if (gated) await recordApproval(engine, journal, task.id, taskRunId);
    if (output.outcome === 'completed') {
      await journal.record<TaskCompletedData>(Types.taskCompleted, {
        taskId: task.id,
        agentId,
        taskRunId,
      });
      return { result: output.result, agentId };
    }
    tried.push(agentId);
    const decided = journal.find<Pick<TaskEscalatedData, 'taskRunId'>>(Types.taskEscalated, {
      taskRunId,
    }) as TaskEscalatedData | undefined;
    const toAgentId = decided
      ? decided.toAgentId
      : (pool.rank(task.capabilities, tried)[0] ?? null);
    await journal.record<TaskEscalatedData>(Types.taskEscalated, {
      taskId: task.id,
      fromAgentId: agentId,
      toAgentId,
      reason: 'timeout',
      timeoutMs: output.timeoutMs,
      taskRunId,
    });
    if (toAgentId === null) throw new TaskEscalationExhaustedError(task.id, tried);
    next = toAgentId;
  }
}
