import { InMemoryEventStore, type JsonValue } from '@agenticflow/core';
import { afterEach } from 'vitest';
import {
  createSupervisor,
  type Supervisor,
  type SupervisorOptions,
} from '../../src/supervisor/create-supervisor.js';
import type { SupervisorWorker, TaskContext } from '../../src/supervisor/supervisor-worker.js';
import type { PlannedTask } from '../../src/supervisor/task-plan.js';

export { diamondPlan, digPlan } from './plans.js';

export interface Performed {
  readonly agentId: string;
  readonly taskId: string;
  readonly dependencies: Readonly<Record<string, JsonValue>>;
  readonly context: TaskContext;
}

/** Workers that answer `<taskId> by <agentId>` and log what they were given, in start order. */
export function recordingWorkers(
  specs: ReadonlyArray<{
    id: string;
    capabilities: string[];
    perform?: (task: PlannedTask, context: TaskContext) => Promise<JsonValue>;
  }>,
): { workers: SupervisorWorker[]; performed: Performed[] } {
  const performed: Performed[] = [];
  const workers = specs.map((spec) => ({
    id: spec.id,
    capabilities: spec.capabilities,
    async perform(task: PlannedTask, context: TaskContext): Promise<JsonValue> {
      performed.push({
        agentId: spec.id,
        taskId: task.id,
        dependencies: context.dependencies,
        context,
      });
      if (spec.perform) return spec.perform(task, context);
      return `${task.id} by ${spec.id}`;
    },
  }));
  return { workers, performed };
}

/** The team most tests use: `scout` researches, `quill` writes. */
export function writingTeam(): { workers: SupervisorWorker[]; performed: Performed[] } {
  return recordingWorkers([
    { id: 'scout', capabilities: ['research'] },
    { id: 'quill', capabilities: ['write'] },
  ]);
}

const open: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((supervisor) => supervisor.close()));
});

/** A supervisor on a fresh in-memory store, closed after the test. */
export async function testSupervisor(
  options: Omit<SupervisorOptions, 'store'> & { store?: SupervisorOptions['store'] },
): Promise<Supervisor & { store: SupervisorOptions['store'] }> {
  const store = options.store ?? new InMemoryEventStore();
  const supervisor = await createSupervisor({ ...options, store });
  open.push(supervisor);
  return Object.assign(supervisor, { store });
}

/** Never settles until the signal aborts, then rejects with its reason. */
export function hangUntilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
