import type { JsonValue } from '@agenticflow/core';
import type { PlannedTask } from './task-plan.js';

/** What a worker receives along with its task. */
export interface TaskContext {
  /** Aborted when the task times out or the run is cancelled: stop and let go. */
  readonly signal: AbortSignal;
  /** The results of the tasks this one depends on, by task id. */
  readonly dependencies: Readonly<Record<string, JsonValue>>;
  /** The goal the plan serves. */
  readonly goal: string;
  /**
   * What the run was started with beside the goal (`supervisor.start(goal, { context })`), the
   * same for every task: a repository path, a customer id. Absent when none was given.
   */
  readonly context?: JsonValue;
  /** The supervisor run. */
  readonly runId: string;
  /** The run of this assignment (`<runId>:<taskId>:<n>`): its events hold the attempt. */
  readonly taskRunId: string;
  /**
   * `<runId>/<taskId>`: the same for every attempt and every worker the task is escalated to.
   * Hand it to side-effecting services so the task's effect happens once.
   */
  readonly idempotencyKey: string;
  /** 0 for the first worker assigned, 1 after one escalation, and so on. */
  readonly escalation: number;
}

/**
 * A worker agent the supervisor can assign tasks to. Any agent fits behind it: an LLM agent, a
 * tool, a remote service.
 *
 * @example
 * ```ts
 * const writer: SupervisorWorker = {
 *   id: 'writer-1',
 *   capabilities: ['write'],
 *   perform: async (task, { dependencies }) => `${task.title}: ${JSON.stringify(dependencies)}`,
 * };
 * ```
 */
export interface SupervisorWorker {
  /** Unique among the supervisor's workers; recorded in each assignment. */
  readonly id: string;
  /** Capability names it offers, such as `'research'`; a task needs all of its own. */
  readonly capabilities: readonly string[];
  /** Performs a task; its result (JSON) is recorded and passed to the dependent tasks. */
  perform(task: PlannedTask, context: TaskContext): Promise<JsonValue>;
}
