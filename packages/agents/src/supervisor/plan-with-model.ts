import type { JsonValue, ValidationIssue } from '@agenticflow/core';
import type { Model, ModelMessage } from '../models/model.js';
import { issueLines } from '../validation/value-check.js';
import { PlanInvalidError } from './supervisor-errors.js';
import { type PlanInvalidData, SupervisorEventTypes } from './supervisor-events.js';
import { type TaskPlan, taskPlanJsonSchema } from './task-plan.js';
import { validatePlan } from './validate-plan.js';

/** What a plan is made for: the run input of a supervisor run. */
export interface PlanRequest {
  readonly goal: string;
  /** Anything else the planner should know (JSON). */
  readonly context?: JsonValue;
}

/** A planner that asks a model for the plan. */
export interface ModelPlanner {
  readonly model: Model;
  /** Added to the planner's system prompt (house rules, preferred granularity). */
  readonly instructions?: string;
}

/** A planner that needs no model: a fixed plan, or a function that builds one from the goal. */
export interface TemplatePlanner {
  readonly template: TaskPlan | ((request: PlanRequest) => TaskPlan | Promise<TaskPlan>);
}

/** Where a supervisor's plans come from. */
export type Planner = ModelPlanner | TemplatePlanner;

interface ModelPlanOptions {
  readonly maxTasks: number;
  readonly capabilities: readonly string[];
  readonly signal: AbortSignal;
  readonly emit: (type: string, data: JsonValue) => Promise<void>;
}

/**
 * Asks the model for a plan and validates it; an invalid answer is sent back once with its issues.
 * Throws `PLAN_INVALID` when the repaired answer is invalid too.
 */
export async function planWithModel(
  planner: ModelPlanner,
  request: PlanRequest,
  options: ModelPlanOptions,
): Promise<{ plan: TaskPlan; attempts: number }> {
  const messages: ModelMessage[] = [
    { role: 'system', content: systemPrompt(planner, options) },
    { role: 'user', content: userPrompt(request) },
  ];
  const schema = taskPlanJsonSchema(options.maxTasks);
  let issues: readonly ValidationIssue[] = [];
  for (let attempt = 1; attempt <= 2; attempt++) {
    const response = await planner.model.generate(
      { messages, output: { schema, name: 'task_plan' }, temperature: 0 },
      { signal: options.signal },
    );
    const answer = response.object ?? parseJson(response.text);
    const checked =
      answer === undefined
        ? {
            ok: false as const,
            issues: [{ path: [], message: 'the answer holds no JSON plan' }],
          }
        : validatePlan(answer, { maxTasks: options.maxTasks });
    if (checked.ok) return { plan: checked.plan, attempts: attempt };
    issues = checked.issues;
    const data: PlanInvalidData = { attempt, issues: issueLines(issues) };
    await options.emit(SupervisorEventTypes.planInvalid, data as unknown as JsonValue);
    messages.push(
      { role: 'assistant', content: response.text || JSON.stringify(answer ?? null) },
      {
        role: 'user',
        content: `That plan is invalid:\n${issueLines(issues)
          .map((line) => `- ${line}`)
          .join('\n')}\nAnswer with the whole corrected plan.`,
      },
    );
  }
  throw new PlanInvalidError(
    `model ${planner.model.id}`,
    issues,
    'the model could not repair it; change its instructions, use a stronger model, or plan with a template',
  );
}

function systemPrompt(planner: ModelPlanner, options: ModelPlanOptions): string {
  return [
    'You plan work for a team of worker agents. Break the goal into tasks that together achieve it.',
    `Each task names the capabilities a worker needs, from: ${options.capabilities.join(', ')}.`,
    'A task lists in dependsOn the ids of the tasks whose results it needs; tasks without a path between them run in parallel.',
    `Use at most ${options.maxTasks} tasks and no cycle. Answer with JSON only, matching the schema.`,
    ...(planner.instructions ? [planner.instructions] : []),
  ].join('\n');
}

function userPrompt(request: PlanRequest): string {
  const context =
    request.context === undefined ? '' : `\nContext: ${JSON.stringify(request.context)}`;
  return `Goal: ${request.goal}${context}`;
}

function parseJson(text: string): JsonValue | undefined {
  const trimmed = text
    .trim()
    .replace(/^```(?:json)?\s*/, '')
    .replace(/```$/, '');
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as JsonValue;
  } catch {
    return undefined;
  }
}
