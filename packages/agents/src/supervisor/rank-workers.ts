import { ConfigurationError } from '@agenticflow/core';
import { type CapabilityDescriptor, describeCapability } from '../registry/capability.js';
import { rankCandidates } from '../registry/capability-matcher.js';
import type { RegisteredAgent } from '../registry/registered-agent.js';
import { TaskUnassignableError, type UnassignableTask } from './supervisor-errors.js';
import type { SupervisorWorker } from './supervisor-worker.js';
import type { TaskPlan } from './task-plan.js';

interface WorkerRecord {
  inFlight: number;
  successes: number;
  failures: number;
  totalMs: number;
}

/**
 * The supervisor's workers as the capability matcher sees them, with the load and record this
 * process has observed, so the matcher prefers idle workers that succeed fast.
 */
export class WorkerPool {
  readonly byId: ReadonlyMap<string, SupervisorWorker>;
  private readonly records = new Map<string, WorkerRecord>();
  private readonly descriptors = new Map<string, CapabilityDescriptor[]>();

  /** Throws `INVALID_CONFIGURATION` on no workers or a repeated id, `VALIDATION_FAILED` on a bad capability. */
  constructor(workers: readonly SupervisorWorker[]) {
    if (!Array.isArray(workers) || workers.length === 0)
      throw new ConfigurationError(
        'a supervisor needs at least one worker: pass workers: [{ id, capabilities, perform }]',
      );
    const byId = new Map<string, SupervisorWorker>();
    for (const worker of workers) {
      if (byId.has(worker.id))
        throw new ConfigurationError(
          `two workers have the id ${JSON.stringify(worker.id)}: give each worker its own id`,
        );
      byId.set(worker.id, worker);
      this.descriptors.set(
        worker.id,
        worker.capabilities.map((name: string) => describeCapability({ name })),
      );
      this.records.set(worker.id, { inFlight: 0, successes: 0, failures: 0, totalMs: 0 });
    }
    this.byId = byId;
  }

  /** Agents offering every capability, best first, leaving out `exclude`. */
  rank(capabilities: readonly string[], exclude: readonly string[] = []): string[] {
    const agents = [...this.byId.values()].map((worker) => this.asRegistered(worker));
    const totals = new Map<string, { score: number; matched: number }>();
    for (const name of capabilities) {
      for (const candidate of rankCandidates(agents, { name, exclude }).ranked) {
        const total = totals.get(candidate.agent.agentId) ?? { score: 0, matched: 0 };
        total.score += candidate.score;
        total.matched += 1;
        totals.set(candidate.agent.agentId, total);
      }
    }
    return [...totals.entries()]
      .filter(([, total]) => total.matched === capabilities.length)
      .sort(([a, x], [b, y]) => y.score - x.score || (a < b ? -1 : a > b ? 1 : 0))
      .map(([agentId]) => agentId);
  }

  /** Throws `TASK_UNASSIGNABLE` naming every task no worker can take. */
  assertAssignable(plan: TaskPlan): void {
    const missing: UnassignableTask[] = plan.tasks
      .filter((task) => this.rank(task.capabilities).length === 0)
      .map((task) => ({ taskId: task.id, capabilities: task.capabilities }));
    if (missing.length === 0) return;
    const available = [
      ...new Set([...this.byId.values()].flatMap((worker) => worker.capabilities)),
    ].sort();
    throw new TaskUnassignableError(missing, available);
  }

  /** Notes that a worker took a task; the returned function notes how it ended. */
  begin(agentId: string): (outcome: 'success' | 'failure', durationMs: number) => void {
    const record = this.records.get(agentId);
    if (!record) return () => {};
    record.inFlight += 1;
    return (outcome, durationMs) => {
      record.inFlight -= 1;
      record[outcome === 'success' ? 'successes' : 'failures'] += 1;
      record.totalMs += durationMs;
    };
  }

  private asRegistered(worker: SupervisorWorker): RegisteredAgent {
    const record = this.records.get(worker.id);
    const handled = record ? record.successes + record.failures : 0;
    return {
      agentId: worker.id,
      type: 'supervisor-worker',
      capabilities: this.descriptors.get(worker.id) ?? [],
      status: 'ready',
      load: { inFlight: record?.inFlight ?? 0 },
      stats: {
        successes: record?.successes ?? 0,
        failures: record?.failures ?? 0,
        ...(handled > 0 && record ? { averageLatencyMs: record.totalMs / handled } : {}),
      },
      instanceId: 'supervisor',
      lastSeenAt: 0,
      expiresAt: Number.POSITIVE_INFINITY,
      local: true,
    };
  }
}
