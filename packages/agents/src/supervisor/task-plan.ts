import type { JsonObject } from '../models/model.js';

/** One task of a {@link TaskPlan}. */
export interface PlannedTask {
  /** Unique within the plan: letters, digits, `_` or `-`, up to 64 characters. */
  readonly id: string;
  /** A short name for people reading the plan. */
  readonly title: string;
  /** What the task must achieve: the worker agent reads it. */
  readonly description: string;
  /** Capabilities a worker must offer, all of them (such as `['research']`). At least one. */
  readonly capabilities: readonly string[];
  /** Tasks that must complete first; their results reach this task. @defaultValue `[]` */
  readonly dependsOn: readonly string[];
  /**
   * How long one worker may take before the task is escalated to the next one.
   * @defaultValue the supervisor's `taskTimeoutMs`
   */
  readonly timeoutMs?: number;
  /**
   * A person approves the task (`supervisor.approveTask`) before a worker starts it. Set by a
   * template or the plan's approver; the `requireTaskApproval` option sets it by policy.
   * @defaultValue false
   */
  readonly requiresApproval?: boolean;
}

/** A goal decomposed into tasks that form a directed acyclic graph. */
export interface TaskPlan {
  readonly tasks: readonly PlannedTask[];
}

/** The most tasks a plan may hold unless `maxTasks` says otherwise. */
export const DEFAULT_MAX_TASKS = 20;

/**
 * The JSON Schema a planning model answers with (structured output). The plan it describes is
 * still validated afterwards: a schema cannot say that ids are unique or that the graph has no cycle.
 */
export function taskPlanJsonSchema(maxTasks: number = DEFAULT_MAX_TASKS): JsonObject {
  const stringArray = { type: 'array', items: { type: 'string' } };
  return {
    type: 'object',
    properties: {
      tasks: {
        type: 'array',
        minItems: 1,
        maxItems: maxTasks,
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'unique id: letters, digits, "_" or "-"' },
            title: { type: 'string' },
            description: { type: 'string' },
            capabilities: { ...stringArray, minItems: 1 },
            dependsOn: { ...stringArray, description: 'ids of the tasks that must finish first' },
          },
          required: ['id', 'title', 'description', 'capabilities', 'dependsOn'],
          additionalProperties: false,
        },
      },
    },
    required: ['tasks'],
    additionalProperties: false,
  };
}
