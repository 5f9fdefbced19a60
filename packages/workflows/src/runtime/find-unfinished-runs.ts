import type { EventStore } from '@agenticflow/core';
import type * as E from '../events/run-events.js';

/** A run that has started and not ended, with the workflow it runs. */
export interface UnfinishedRun {
  readonly runId: string;
  readonly workflow: string;
  readonly workflowVersion: number;
}

/**
 * Every run in the store that has a `run.started` and no terminal event, oldest first. Reads the
 * run lifecycle events of the whole log once (with a type filter the store can serve from its
 * index).
 */
export async function findUnfinishedRuns(store: EventStore): Promise<UnfinishedRun[]> {
  const unfinished = new Map<string, UnfinishedRun>();
  for await (const event of store.readAll({
    streamPrefix: 'run-',
    types: ['run.started', 'run.completed', 'run.failed', 'run.cancelled'],
  })) {
    const runId = event.streamId.slice(4);
    if (event.type === 'run.started') {
      const data = event.data as E.RunStartedData;
      unfinished.set(runId, {
        runId,
        workflow: data.workflow,
        workflowVersion: data.workflowVersion,
      });
    } else unfinished.delete(runId);
  }
  return [...unfinished.values()];
}
