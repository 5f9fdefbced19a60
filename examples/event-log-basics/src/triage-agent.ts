import { type EventBus, type EventStore, foldStream, hasErrorCode } from '@agenticflow/core';
import { emptyRun, reduceRun, TaskCompleted } from './events.js';

/** Labels a ticket by its words: a stand-in for a model call. */
export function classify(ticket: string): 'bug' | 'question' | 'feature' {
  if (/crash|error|broken|fails/i.test(ticket)) return 'bug';
  if (/\?$|how do/i.test(ticket)) return 'question';
  return 'feature';
}

/**
 * Starts an agent that takes `task.assigned` events from the bus (one agent per task, through the
 * `triage-agents` group) and records its answer in the run stream. The store is the lock: the
 * append carries the version the agent decided on, and a writer that loses the race re-reads and
 * decides again.
 */
export async function startTriageAgent(
  name: string,
  store: EventStore,
  bus: EventBus,
  log: (line: string) => void,
) {
  return bus.subscribe(
    'events.task.assigned',
    async (message) => {
      const event = message.payload as {
        streamId: string;
        data: { taskId: string; ticket: string };
      };
      const { taskId, ticket } = event.data;
      for (;;) {
        const { state, version } = await foldStream(store, event.streamId, reduceRun, emptyRun);
        if (state.labels[taskId]) return; // already answered: a redelivery after a crash
        const label = classify(ticket);
        try {
          await store.append(
            event.streamId,
            [TaskCompleted.create({ taskId, agent: name, label })],
            {
              expectedVersion: version,
            },
          );
          log(`${name} labelled ${taskId} as ${label}: "${ticket}"`);
          return;
        } catch (error) {
          if (!hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT')) throw error;
        }
      }
    },
    { group: 'triage-agents', concurrency: 2 },
  );
}
