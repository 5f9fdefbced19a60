import {
  collect,
  type EventBus,
  type EventStore,
  foldStream,
  InMemoryEventBus,
  InMemoryEventStore,
  newId,
  startOutboxRelay,
} from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import {
  emptyRun,
  RunCompleted,
  RunStarted,
  type RunState,
  reduceRun,
  TaskAssigned,
} from './events.js';
import { startTriageAgent } from './triage-agent.js';

export const TICKETS = [
  'The export button crashes the app',
  'How do I rotate my API key?',
  'Please add dark mode',
  'Login fails with error 500',
  'Can we get a CSV import?',
  'Where are invoices stored?',
];

/** What a triage run produced. */
export interface TriageResult {
  readonly runId: string;
  readonly state: RunState;
  readonly events: number;
  readonly stateAtAssignment: RunState;
  readonly relayedTwice: number;
}

/** Runs the whole story on the in-memory store and bus, printing each step through `log`. */
export async function runTriage(log: (line: string) => void = console.log): Promise<TriageResult> {
  const store: EventStore = new InMemoryEventStore();
  const bus = new InMemoryEventBus();
  const runId = newId();
  const streamId = `run-${runId}`;
  const relayed = new Map<string, number>();
  await bus.subscribe(
    'events.>',
    (message) => void relayed.set(message.id, (relayed.get(message.id) ?? 0) + 1),
  );

  await startTriageAgent('agent-ada', store, bus, log);
  await startTriageAgent('agent-bob', store, bus, log);

  log(`run ${streamId}: triage ${TICKETS.length} tickets`);
  const tasks = TICKETS.map((ticket, index) =>
    TaskAssigned.create({ taskId: `task-${index + 1}`, ticket }),
  );
  await store.append(
    streamId,
    [RunStarted.create({ goal: 'triage the inbox', tickets: TICKETS }), ...tasks],
    {
      expectedVersion: 'no_stream',
    },
  );

  // The relay "crashes" after three events, before its position is stored past them; the next
  // relay resumes from the stored position, so no event is lost (some may be published twice).
  let published = 0;
  const crashingBus: EventBus = {
    capabilities: bus.capabilities,
    publish: (topic, message) => {
      if (++published > 3) return Promise.reject(new Error('relay process killed'));
      return bus.publish(topic, message);
    },
    subscribe: (pattern, handler, options) => bus.subscribe(pattern, handler, options),
    close: () => bus.close(),
  };
  const firstRelay = startOutboxRelay({ store, bus: crashingBus, consumer: 'triage-relay' });
  const end = await firstRelay.ended;
  log(`relay crashed after ${published - 1} events (${end.reason}); restarting it`);
  const relay = startOutboxRelay({ store, bus, consumer: 'triage-relay' });

  await waitFor(
    async () => (await foldStream(store, streamId, reduceRun, emptyRun)).state.open.length === 0,
    { timeoutMs: 10_000, message: 'every ticket labelled' },
  );
  const { state, version } = await foldStream(store, streamId, reduceRun, emptyRun);
  const counts: Record<string, number> = {};
  for (const label of Object.values(state.labels)) counts[label] = (counts[label] ?? 0) + 1;
  await store.append(streamId, [RunCompleted.create({ labels: counts })], {
    expectedVersion: version,
  });
  await waitFor(() => relayed.size === TICKETS.length * 2 + 2, { message: 'every event relayed' });

  const final = await foldStream(store, streamId, reduceRun, emptyRun);
  const replayed = await foldStream(store, streamId, reduceRun, emptyRun, {
    toVersion: 1 + TICKETS.length,
  });
  const events = (await collect(store.readStream(streamId))).length;
  log(`run completed at version ${final.version}: ${JSON.stringify(counts)}`);
  log(
    `replay at version ${replayed.version}: ${replayed.state.open.length} open tasks, status ${replayed.state.status}`,
  );

  await relay.stop();
  await bus.close();
  await store.close();
  const relayedTwice = [...relayed.values()].filter((count) => count > 1).length;
  return { runId, state: final.state, events, stateAtAssignment: replayed.state, relayedTwice };
}
