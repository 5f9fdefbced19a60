import { type ValidationIssue, zodIssuesToValidationIssues } from '@agenticflow/core';
import type * as Zod from 'zod';
import { lazyZod } from '../validation/lazy-zod.js';
import { DEFAULT_MAX_TASKS, type PlannedTask, type TaskPlan } from './task-plan.js';

const TASK_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CAPABILITY = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*$/;

type PlanShape = { tasks: Array<Omit<PlannedTask, 'dependsOn'> & { dependsOn?: string[] }> };
let planShape: Zod.ZodType<PlanShape> | undefined;

/**
 * The zod schema of a plan's shape, built on first use: importing this package must not load zod.
 * The graph rules (unique ids, known dependencies, no cycle) are checked after it, by hand, so that
 * each issue can name the tasks involved.
 */
function planSchema(): Zod.ZodType<PlanShape> {
  if (planShape) return planShape;
  const z = lazyZod();
  const missingOr = (expected: string) => (issue: { input?: unknown }) =>
    issue.input === undefined ? 'is missing' : `must be ${expected}`;
  const text = z.string({ error: missingOr('a string') }).min(1, { error: 'is empty' });
  const taskId = z.string({ error: missingOr('a string') }).regex(TASK_ID, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a task id: use 1 to 64 letters, digits, "_" or "-"`,
  });
  const capability = z.string({ error: missingOr('a string') }).regex(CAPABILITY, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a capability name: write dotted lower case, such as "research"`,
  });
  const task = z.object(
    {
      id: taskId,
      title: text,
      description: text,
      capabilities: z.array(capability, { error: missingOr('an array') }),
      dependsOn: z.array(taskId, { error: missingOr('an array') }).optional(),
      timeoutMs: z
        .number({ error: missingOr('a number') })
        .int({ error: 'must be a whole number' })
        .positive({ error: 'must be above 0' })
        .optional(),
      requiresApproval: z.boolean({ error: missingOr('true or false') }).optional(),
    },
    { error: missingOr('an object') },
  );
  planShape = z.object(
    { tasks: z.array(task, { error: missingOr('an array of tasks') }) },
    { error: missingOr('an object with a "tasks" array') },
  );
  return planShape;
}

/** Options of {@link validatePlan}. */
export interface ValidatePlanOptions {
  /** @defaultValue {@link DEFAULT_MAX_TASKS} */
  readonly maxTasks?: number;
}

/** The outcome of {@link validatePlan}. */
export type PlanValidation =
  | { readonly ok: true; readonly plan: TaskPlan }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Checks that `value` is a runnable {@link TaskPlan}: the right shape (a zod schema), at least one and at most
 * `maxTasks` tasks, unique ids, each with a capability, dependencies on tasks of the plan, and no
 * cycle. Returns the plan (with `dependsOn` filled in) or every issue found.
 *
 * @example
 * ```ts
 * const checked = validatePlan(answer.object, { maxTasks: 10 });
 * if (!checked.ok) console.log(checked.issues);
 * ```
 */
export function validatePlan(value: unknown, options: ValidatePlanOptions = {}): PlanValidation {
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  const shaped = planSchema().safeParse(value);
  if (!shaped.success)
    return { ok: false, issues: zodIssuesToValidationIssues(shaped.error.issues) };
  const tasks: PlannedTask[] = shaped.data.tasks.map((task) => ({
    ...task,
    dependsOn: task.dependsOn ?? [],
  }));
  const issues: ValidationIssue[] = [];
  if (tasks.length === 0)
    issues.push({ path: ['tasks'], message: 'holds no task: a plan needs at least one' });
  if (tasks.length > maxTasks)
    issues.push({
      path: ['tasks'],
      message: `holds ${tasks.length} tasks, over the limit of ${maxTasks}: merge tasks or raise maxTasks`,
    });
  const seen = new Map<string, number>();
  tasks.forEach((task, index) => {
    const first = seen.get(task.id);
    if (first !== undefined)
      issues.push({
        path: ['tasks', index, 'id'],
        message: `"${task.id}" is already the id of task ${first}: ids must be unique`,
      });
    else seen.set(task.id, index);
    if (task.capabilities.length === 0)
      issues.push({
        path: ['tasks', index, 'capabilities'],
        message: 'is empty: name at least one capability a worker must offer',
      });
  });
  tasks.forEach((task, index) => {
    task.dependsOn.forEach((dependency, position) => {
      if (dependency === task.id)
        issues.push({
          path: ['tasks', index, 'dependsOn', position],
          message: `task "${task.id}" depends on itself`,
        });
      else if (!seen.has(dependency))
        issues.push({
          path: ['tasks', index, 'dependsOn', position],
          message: `"${dependency}" is not a task of the plan (tasks: ${[...seen.keys()].join(', ')})`,
        });
    });
  });
  if (issues.length === 0) {
    const cycle = findCycle(tasks);
    if (cycle)
      issues.push({
        path: ['tasks'],
        message: `the dependencies form a cycle: ${cycle.join(' -> ')}; remove one of its edges`,
      });
  }
  return issues.length === 0 ? { ok: true, plan: { tasks } } : { ok: false, issues };
}

/** A cycle of task ids (its first id repeated at the end), or undefined. */
function findCycle(tasks: readonly PlannedTask[]): string[] | undefined {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const state = new Map<string, 'visiting' | 'done'>();
  const trail: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id];
    state.set(id, 'visiting');
    trail.push(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const task of tasks) {
    const cycle = visit(task.id);
    if (cycle) return cycle;
  }
  return undefined;
}
