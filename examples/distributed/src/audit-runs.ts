import type { EventStore } from '@agenticflow/core';

/** What the event log says about the runs of the demo. */
export interface RunAudit {
  /** Runs with a `run.completed` event. */
  readonly runsCompleted: number;
  /** `step.completed` events (one per step of a completed run, when nothing is recorded twice). */
  readonly stepsCompleted: number;
  /** `runId/stepId` of every step completed more than once: must be empty. */
  readonly duplicates: readonly string[];
  /** `step.started` events: attempts, including those a dead worker never finished. */
  readonly attempts: number;
  /** `step.interrupted` events: steps taken over after their worker's lease lapsed. */
  readonly interrupted: number;
  /** Completed steps per pid of the process that ran them. */
  readonly stepsByPid: Readonly<Record<string, number>>;
  /** Steps scheduled and not yet claimed by a worker (their task is on the bus). */
  readonly unclaimed: number;
  /** Steps started by each pid and not (yet) completed or interrupted. */
  readonly inFlightByPid: Readonly<Record<string, number>>;
}

const pidOfWorker = (workerId: string) => /-(\d+)-[a-z0-9]+$/.exec(workerId)?.[1] ?? workerId;

/** Reads every run stream of the store and tallies starts, completions and takeovers. */
export async function auditRuns(store: EventStore): Promise<RunAudit> {
  const completions = new Map<string, number>();
  const running = new Map<string, string>();
  const scheduled = new Set<string>();
  const stepsByPid: Record<string, number> = {};
  let runsCompleted = 0;
  let attempts = 0;
  let interrupted = 0;
  for await (const event of store.readAll({ streamPrefix: 'run-' })) {
    const data = event.data as {
      stepId?: string;
      workerId?: string;
      output?: { pid?: number };
    };
    const key = `${event.streamId.slice('run-'.length)}/${data.stepId}`;
    if (event.type === 'run.completed') runsCompleted += 1;
    else if (event.type === 'step.scheduled') scheduled.add(key);
    else if (event.type === 'step.started') {
      scheduled.delete(key);
      attempts += 1;
      running.set(key, pidOfWorker(data.workerId ?? '?'));
    } else if (event.type === 'step.interrupted') {
      interrupted += 1;
      running.delete(key);
    } else if (event.type === 'step.completed') {
      completions.set(key, (completions.get(key) ?? 0) + 1);
      running.delete(key);
      const pid = String(data.output?.pid ?? '?');
      stepsByPid[pid] = (stepsByPid[pid] ?? 0) + 1;
    }
  }
  const inFlightByPid: Record<string, number> = {};
  for (const pid of running.values()) inFlightByPid[pid] = (inFlightByPid[pid] ?? 0) + 1;
  return {
    runsCompleted,
    stepsCompleted: [...completions.values()].reduce((sum, count) => sum + count, 0),
    duplicates: [...completions].filter(([, count]) => count > 1).map(([key]) => key),
    attempts,
    interrupted,
    unclaimed: scheduled.size,
    stepsByPid,
    inFlightByPid,
  };
}
