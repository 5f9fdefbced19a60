import { type AgenticEvent, collect, type EventStore, type JsonValue } from '@agenticflow/core';
import { runStreamId } from '@agenticflow/workflows';
import type { TaskPlan } from './task-plan.js';

/**
 * The events a supervisor adds to its run's stream (`run-<runId>`), next to the workflow engine's
 * own (`step.*`, `run.*`). Together they tell who planned, approved and did what.
 */
export const SupervisorEventTypes = {
  /** A model answer was not a valid plan; it was sent back with the issues (or the run failed). */
  planInvalid: 'supervisor.plan.invalid',
  /** The plan that goes to approval (or straight to execution when there is no gate). */
  planProposed: 'supervisor.plan.proposed',
  /** A person approved the plan, possibly edited. */
  planApproved: 'supervisor.plan.approved',
  /** The approver replaced the proposed plan; `plan` is what runs. */
  planEdited: 'supervisor.plan.edited',
  /** A task was given to a worker, in its own run `taskRunId`. */
  taskAssigned: 'supervisor.task.assigned',
  /** A worker timed out on a task: it goes to `toAgentId`, or nowhere (the run fails). */
  taskEscalated: 'supervisor.task.escalated',
  /** A task that needs approval waits at the gate of its run `taskRunId` (`approveTask`). */
  taskAwaitingApproval: 'supervisor.task.awaiting-approval',
  /** A person approved the task; its worker started after this. */
  taskApproved: 'supervisor.task.approved',
  /** A task's result was recorded. */
  taskCompleted: 'supervisor.task.completed',
  /** A task failed for good: the run fails. */
  taskFailed: 'supervisor.task.failed',
} as const;

export interface PlanInvalidData {
  /** 1 for the first answer, 2 for the repaired one. */
  readonly attempt: number;
  readonly issues: readonly string[];
}
export interface PlanProposedData {
  readonly source: 'model' | 'template';
  readonly plan: TaskPlan;
  /** The planning model, when it came from one. */
  readonly modelId?: string;
  /** 2 when the model's plan was repaired. */
  readonly attempts: number;
}
export interface PlanApprovedData {
  readonly actor?: string;
  readonly comment?: string;
  readonly edited: boolean;
}
export interface PlanEditedData {
  readonly actor?: string;
  readonly plan: TaskPlan;
}
export interface TaskAssignedData {
  readonly taskId: string;
  readonly agentId: string;
  readonly escalation: number;
  readonly taskRunId: string;
}
export interface TaskEscalatedData {
  readonly taskId: string;
  readonly fromAgentId: string;
  /** The next worker, or null when none is left. */
  readonly toAgentId: string | null;
  readonly reason: 'timeout';
  readonly timeoutMs: number;
  readonly taskRunId: string;
}
export interface TaskAwaitingApprovalData {
  readonly taskId: string;
  readonly agentId: string;
  readonly taskRunId: string;
}
export interface TaskApprovedData {
  readonly taskId: string;
  readonly taskRunId: string;
  readonly actor?: string;
  readonly comment?: string;
}
export interface TaskCompletedData {
  readonly taskId: string;
  readonly agentId: string;
  readonly taskRunId: string;
}
export interface TaskFailedData {
  readonly taskId: string;
  readonly agentId?: string;
  readonly message: string;
  readonly code?: string;
}

/** A supervisor event, told apart by `type`. */
export type SupervisorEvent =
  | AgenticEvent<'supervisor.plan.invalid', PlanInvalidData>
  | AgenticEvent<'supervisor.plan.proposed', PlanProposedData>
  | AgenticEvent<'supervisor.plan.approved', PlanApprovedData>
  | AgenticEvent<'supervisor.plan.edited', PlanEditedData>
  | AgenticEvent<'supervisor.task.assigned', TaskAssignedData>
  | AgenticEvent<'supervisor.task.escalated', TaskEscalatedData>
  | AgenticEvent<'supervisor.task.awaiting-approval', TaskAwaitingApprovalData>
  | AgenticEvent<'supervisor.task.approved', TaskApprovedData>
  | AgenticEvent<'supervisor.task.completed', TaskCompletedData>
  | AgenticEvent<'supervisor.task.failed', TaskFailedData>;

/**
 * The supervisor events of a run, in order: the audit trail of its plan and assignments.
 *
 * @example
 * ```ts
 * for (const event of await readSupervisorEvents(store, runId)) console.log(event.type, event.data);
 * ```
 */
export async function readSupervisorEvents(
  store: EventStore,
  runId: string,
): Promise<SupervisorEvent[]> {
  const events = await collect(store.readStream(runStreamId(runId)));
  return events.filter((event) => event.type.startsWith('supervisor.')) as SupervisorEvent[];
}

/** The key under which a supervisor event is recorded once. */
export function journalKey(type: string, data: JsonValue): string {
  const fields = (data ?? {}) as Record<string, JsonValue>;
  return `${type}|${String(fields.taskRunId ?? fields.taskId ?? fields.attempt ?? '')}`;
}
