import type { EventStore, JsonValue } from '@agenticflow/core';
import {
  type RetryPolicy,
  type StepContext,
  type WorkflowDefinition,
  type WorkflowEngine,
  workflow,
} from '@agenticflow/workflows';
import { lazyZod } from '../validation/lazy-zod.js';
import { executePlan, type SupervisorOutput } from './execute-plan.js';
import { type Planner, type PlanRequest, planWithModel } from './plan-with-model.js';
import type { WorkerPool } from './rank-workers.js';
import { PlanInvalidError } from './supervisor-errors.js';
import {
  type PlanApprovedData,
  type PlanEditedData,
  type PlanProposedData,
  SupervisorEventTypes as Types,
} from './supervisor-events.js';
import { SupervisorJournal } from './supervisor-journal.js';
import type { PlannedTask, TaskPlan } from './task-plan.js';
import { gatedTaskWorkflow, taskWorkflow } from './task-workflow.js';
import { validatePlan } from './validate-plan.js';

/** What the approver sends to let a plan run. */
export interface PlanApproval {
  /** Who approved, for the audit trail. */
  readonly actor?: string;
  readonly comment?: string;
  /** A replacement plan, validated like the model's; the proposed plan runs when absent. */
  readonly plan?: TaskPlan;
}

/** The step ids of a supervisor run. */
export const SupervisorSteps = { plan: 'plan', approve: 'approve', execute: 'execute' } as const;

export interface SupervisorWorkflowSettings {
  readonly name: string;
  readonly version: number;
  readonly planner: Planner;
  readonly pool: WorkerPool;
  readonly approval: boolean;
  readonly maxTasks: number;
  readonly taskTimeoutMs: number;
  readonly taskRetry: RetryPolicy;
  /** Marks tasks that need a person's approval, beside their `requiresApproval`. */
  readonly requireTaskApproval: ((task: PlannedTask) => boolean) | undefined;
  readonly store: EventStore;
  /** The engine running these workflows (created after them). */
  readonly engine: () => WorkflowEngine;
}

/**
 * The supervisor's workflows: `<name>` (plan, approve, execute), `<name>-task` (one assignment)
 * and `<name>-gated-task` (the first assignment of a task that needs approval).
 */
export interface SupervisorWorkflows {
  readonly supervisor: WorkflowDefinition<PlanRequest, SupervisorOutput>;
  readonly task: ReturnType<typeof taskWorkflow>;
  readonly gatedTask: ReturnType<typeof gatedTaskWorkflow>;
}

/**
 * Builds the supervisor's workflows. The task graph is only known at run time, while a workflow's
 * steps are fixed when it is built, so the graph does not become steps: one `execute` step starts an
 * assignment run (of the `-task` workflow) per task and worker, with ids that make it resumable.
 */
export function supervisorWorkflows(settings: SupervisorWorkflowSettings): SupervisorWorkflows {
  const task = taskWorkflow(
    `${settings.name}-task`,
    settings.version,
    settings.pool,
    settings.taskRetry,
  );
  const gatedTask = gatedTaskWorkflow(
    `${settings.name}-gated-task`,
    settings.version,
    settings.pool,
    settings.taskRetry,
  );
  const plan = (ctx: StepContext) => makePlan(ctx, settings);
  const execute = (ctx: StepContext, proposed: TaskPlan, approval: PlanApproval | undefined) =>
    runApprovedPlan(ctx, proposed, approval, settings, { task, gatedTask });
  const base = workflow(settings.name, { version: settings.version }).step(SupervisorSteps.plan, {
    run: plan,
  });
  const once = { maxAttempts: 1 };
  const supervisor = settings.approval
    ? base
        .waitFor(SupervisorSteps.approve, {
          dependsOn: [SupervisorSteps.plan],
          payload: approvalSchema(),
        })
        .step(SupervisorSteps.execute, {
          dependsOn: [SupervisorSteps.plan, SupervisorSteps.approve],
          retry: once,
          run: (ctx) =>
            execute(ctx, ctx.deps.plan, ctx.deps.approve as unknown as PlanApproval | undefined),
        })
        .build({ output: (outputs) => outputs.execute as unknown as SupervisorOutput })
    : base
        .step(SupervisorSteps.execute, {
          dependsOn: [SupervisorSteps.plan],
          retry: once,
          run: (ctx) => execute(ctx, ctx.deps.plan, undefined),
        })
        .build({ output: (outputs) => outputs.execute as unknown as SupervisorOutput });
  return {
    supervisor: supervisor as unknown as WorkflowDefinition<PlanRequest, SupervisorOutput>,
    task,
    gatedTask,
  };
}

function approvalSchema() {
  const z = lazyZod();
  return z.object({
    actor: z.string().min(1).optional(),
    comment: z.string().optional(),
    plan: z.unknown().optional(),
  });
}

async function makePlan(ctx: StepContext, settings: SupervisorWorkflowSettings): Promise<TaskPlan> {
  const journal = await SupervisorJournal.open(settings.store, ctx.runId, (type, data) =>
    ctx.emit(type, data),
  );
  // A plan proposed before a crash is kept: asking the model again could give another one.
  const earlier = journal.find<Pick<PlanProposedData, 'plan'>>(Types.planProposed, {
    plan: { tasks: [] },
  });
  if (earlier) return earlier.plan;
  const request = ctx.runInput as PlanRequest;
  const { planner, pool, maxTasks } = settings;
  let proposed: PlanProposedData;
  if ('model' in planner) {
    const capabilities = [
      ...new Set([...pool.byId.values()].flatMap((worker) => worker.capabilities)),
    ];
    const { plan, attempts } = await planWithModel(planner, request, {
      maxTasks,
      capabilities,
      signal: ctx.signal,
      emit: (type, data) => ctx.emit(type, data),
    });
    proposed = { source: 'model', plan, modelId: planner.model.id, attempts };
  } else {
    const { template } = planner;
    const built = typeof template === 'function' ? await template(request) : template;
    const checked = validatePlan(built, { maxTasks });
    if (!checked.ok)
      throw new PlanInvalidError(
        'the template',
        checked.issues,
        'fix the template so that it returns a valid plan',
      );
    proposed = { source: 'template', plan: checked.plan, attempts: 1 };
  }
  pool.assertAssignable(proposed.plan);
  await journal.record(Types.planProposed, proposed);
  return proposed.plan;
}

async function runApprovedPlan(
  ctx: StepContext,
  proposed: TaskPlan,
  approval: PlanApproval | undefined,
  settings: SupervisorWorkflowSettings,
  workflows: Pick<SupervisorWorkflows, 'task' | 'gatedTask'>,
): Promise<JsonValue> {
  const journal = await SupervisorJournal.open(settings.store, ctx.runId, (type, data) =>
    ctx.emit(type, data),
  );
  let plan = proposed;
  if (approval) {
    if (approval.plan !== undefined) {
      const checked = validatePlan(approval.plan, { maxTasks: settings.maxTasks });
      if (!checked.ok)
        throw new PlanInvalidError(
          'the approver',
          checked.issues,
          'start a new run and approve a valid plan',
        );
      plan = checked.plan;
    }
    const edited = approval.plan !== undefined;
    await journal.record<PlanApprovedData>(Types.planApproved, {
      ...(approval.actor !== undefined ? { actor: approval.actor } : {}),
      ...(approval.comment !== undefined ? { comment: approval.comment } : {}),
      edited,
    });
    if (edited)
      await journal.record<PlanEditedData>(Types.planEdited, {
        ...(approval.actor !== undefined ? { actor: approval.actor } : {}),
        plan,
      });
  }
  settings.pool.assertAssignable(plan);
  const output = await executePlan(ctx, ctx.runInput as PlanRequest, plan, journal, {
    engine: settings.engine(),
    store: settings.store,
    pool: settings.pool,
    taskWorkflow: workflows.task,
    gatedTaskWorkflow: workflows.gatedTask,
    requireTaskApproval: settings.requireTaskApproval,
    defaultTimeoutMs: settings.taskTimeoutMs,
  });
  return output as unknown as JsonValue;
}
