import {
  readSupervisorEvents,
  type SupervisorEvent,
  SupervisorEventTypes,
} from '@agenticflow/agents';
import type { AgenticEvent, EventStore, StoreSubscription } from '@agenticflow/core';
import { runStreamId } from '@agenticflow/workflows';

/** One line per supervisor event: the plan, the approval, each task assigned and completed. */
export function describeEvent(event: SupervisorEvent): string | undefined {
  switch (event.type) {
    case 'supervisor.plan.proposed': {
      const by =
        event.data.source === 'model'
          ? `model ${event.data.modelId}`
          : 'offline-planner (template)';
      const tasks = event.data.plan.tasks.map((task) => task.id).join(', ');
      return `plan proposed by ${by}: ${event.data.plan.tasks.length} tasks (${tasks})`;
    }
    case 'supervisor.plan.invalid':
      return `plan answer ${event.data.attempt} was invalid: ${event.data.issues.join('; ')}`;
    case 'supervisor.plan.edited':
      return `plan edited by ${event.data.actor ?? 'unknown'}`;
    case 'supervisor.plan.approved':
      return `plan approved by ${event.data.actor ?? 'unknown'}${event.data.comment ? ` (${event.data.comment})` : ''}`;
    case 'supervisor.task.assigned':
      return `task ${event.data.taskId} assigned to ${event.data.agentId}`;
    case 'supervisor.task.completed':
      return `task ${event.data.taskId} completed by ${event.data.agentId}`;
    case 'supervisor.task.escalated':
      return `task ${event.data.taskId} timed out on ${event.data.fromAgentId}, escalated to ${event.data.toAgentId ?? 'nobody'}`;
    case 'supervisor.task.failed':
      return `task ${event.data.taskId} failed: ${event.data.message}`;
  }
}

/**
 * Prints a run's supervisor events as they are appended (a store subscription), each once.
 * `flush` prints any the subscription has not delivered yet, read from the stream itself.
 */
export class ProgressFollower {
  private readonly seen = new Set<string>();
  private readonly subscription: StoreSubscription;
  private readonly started = performance.now();

  constructor(
    private readonly store: EventStore,
    private readonly runId: string,
    private readonly print: (line: string) => void,
  ) {
    this.subscription = store.subscribe({
      from: 'end',
      filter: { streamPrefix: runStreamId(runId), types: Object.values(SupervisorEventTypes) },
      handler: (event) => {
        if (event.streamId === runStreamId(runId)) this.show(event as SupervisorEvent);
      },
    });
  }

  async flush(): Promise<void> {
    for (const event of await readSupervisorEvents(this.store, this.runId)) this.show(event);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.subscription.close();
  }

  private show(event: SupervisorEvent | AgenticEvent): void {
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    const line = describeEvent(event as SupervisorEvent);
    const seconds = ((performance.now() - this.started) / 1_000).toFixed(2).padStart(6);
    if (line) this.print(`[${seconds}s] ${line}`);
  }
}
