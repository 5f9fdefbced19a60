import type { AgenticEvent } from '@agenticflow/core';

type Data = Record<string, unknown> & {
  stepId?: string;
  attempt?: number;
  durationMs?: number;
  error?: { message?: string; code?: string };
  retryAt?: number;
  taskId?: string;
  agentId?: string;
  actor?: string;
  tool?: string;
  workflow?: string;
  usage?: { totalTokens?: number };
  response?: { usage?: { totalTokens?: number } };
  plan?: { tasks?: Array<{ id: string }> };
};

/** The part of a stream id after the run id: `''` for the run itself, `:count-code:0` for a task run. */
function scope(event: AgenticEvent, runId: string): string {
  const at = event.streamId.indexOf(runId);
  const rest = at < 0 ? event.streamId : event.streamId.slice(at + runId.length);
  return rest ? `[${rest.replace(/^:/, '')}] ` : '';
}

/** Tokens an event reports (an LLM run's total, or one model answer). */
export function tokensOf(event: AgenticEvent): number {
  const data = event.data as Data;
  return event.type === 'llm.run_completed' ? (data.usage?.totalTokens ?? 0) : 0;
}

/**
 * One human line for a run event (steps, supervisor tasks, tool calls, model calls), or undefined
 * for bookkeeping events (heartbeats, timers) that are not worth a line.
 */
export function describeEvent(event: AgenticEvent, runId: string): string | undefined {
  const data = (event.data ?? {}) as Data;
  const where = scope(event, runId);
  const step = `${where}step ${data.stepId}`;
  switch (event.type) {
    case 'run.started':
      return `${where}run started (workflow ${data.workflow})`;
    case 'run.completed':
      return `${where}run completed`;
    case 'run.failed':
      return `${where}run failed: ${data.error?.message ?? 'unknown error'}`;
    case 'run.cancelled':
      return `${where}run cancelled: ${String(data.reason ?? '')}`;
    case 'step.started':
      return `${step} started (attempt ${data.attempt})`;
    case 'step.completed':
      return `${step} completed in ${data.durationMs} ms`;
    case 'step.failed':
      return `${step} failed: ${data.error?.message ?? 'unknown error'}${data.retryAt ? ' (will retry)' : ''}`;
    case 'step.interrupted':
      return `${step} interrupted (${String(data.reason)}): it runs again`;
    case 'step.suspended':
      return `${step} waiting for approval: agenticflow approve ${runId}`;
    case 'step.resumed':
      return `${step} resumed`;
    case 'step.skipped':
      return `${step} skipped`;
    case 'supervisor.plan.proposed':
      return `${where}plan proposed: ${(data.plan?.tasks ?? []).map((task) => task.id).join(', ')}`;
    case 'supervisor.plan.approved':
      return `${where}plan approved by ${data.actor ?? 'unknown'}`;
    case 'supervisor.plan.edited':
      return `${where}plan edited by ${data.actor ?? 'unknown'}`;
    case 'supervisor.task.assigned':
      return `${where}task ${data.taskId} assigned to agent ${data.agentId}`;
    case 'supervisor.task.completed':
      return `${where}task ${data.taskId} completed by agent ${data.agentId}`;
    case 'supervisor.task.escalated':
      return `${where}task ${data.taskId} escalated`;
    case 'supervisor.task.failed':
      return `${where}task ${data.taskId} failed: ${String(data.message ?? '')}`;
    case 'tool.called':
      return `${where}tool ${data.tool} called`;
    case 'tool.failed':
      return `${where}tool ${data.tool} failed: ${data.error?.message ?? ''}`;
    case 'model.responded':
      return `${where}model answered`;
    case 'llm.run_completed':
      return `${where}agent finished (${data.usage?.totalTokens ?? 0} tokens)`;
    default:
      return undefined;
  }
}

/** Whether an event belongs to a run: its own stream, its task runs, their tool and model streams. */
export function belongsToRun(event: AgenticEvent, runId: string): boolean {
  const id = event.streamId;
  return id === `run-${runId}` || id.startsWith(`run-${runId}:`) || id.includes(`-${runId}:`);
}

/** An event as one JSON line (`--json`): positions as strings. */
export function eventJson(event: AgenticEvent): Record<string, unknown> {
  return {
    kind: 'event',
    streamId: event.streamId,
    version: event.version,
    position: event.position.toString(),
    type: event.type,
    time: event.time,
    data: event.data,
    metadata: event.metadata,
  };
}
