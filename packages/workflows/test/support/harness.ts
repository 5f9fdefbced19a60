import {
  type AgenticEvent,
  collect,
  type EventBus,
  type EventStore,
  InMemoryEventStore,
} from '@agenticflow/core';
import { ManualClock } from '@agenticflow/core/testing';
import { expect, onTestFinished } from 'vitest';
import {
  type AnyWorkflowDefinition,
  createWorker,
  createWorkflowEngine,
  runStreamId,
  type Worker,
  type WorkflowEngine,
  type WorkflowEngineOptions,
} from '../../src/index.js';

type ExtraOptions = Partial<Omit<WorkflowEngineOptions, 'store' | 'workflows'>>;

/**
 * One test's world: a manual clock shared by the store and every engine (so event times, leases,
 * timers and backoff are exact), an in-memory store, and engines and workers that are closed when
 * the test ends.
 */
export function setup<Store extends InMemoryEventStore = InMemoryEventStore>(
  options: { readonly store?: (clock: ManualClock) => Store } = {},
) {
  const clock = new ManualClock();
  const store = options.store ? options.store(clock) : (new InMemoryEventStore({ clock }) as Store);
  const closers: Array<() => Promise<void>> = [];
  const errors: unknown[] = [];
  const appends: Array<{ by: string; streamId: string; types: string[] }> = [];
  let engines = 0;
  onTestFinished(async () => {
    for (const close of closers.reverse()) await close();
    await store.close();
  });

  return {
    clock,
    store,
    /** Failures the engines reported through `onError`. */
    errors,
    /** Every append an engine or worker made, by worker id. */
    appends,
    async engine(
      workflows: readonly AnyWorkflowDefinition[],
      options: ExtraOptions = {},
    ): Promise<WorkflowEngine> {
      engines++;
      const workerId = `engine-${engines}`;
      const engine = await createWorkflowEngine({
        store: recordAppends(store, workerId, appends),
        clock,
        workflows,
        workerId,
        onError: (error) => errors.push(error),
        ...options,
      });
      closers.push(() => engine.close(0));
      return engine;
    },
    async worker(
      workflows: readonly AnyWorkflowDefinition[],
      bus: EventBus,
      options: ExtraOptions & { dispatchTimeoutMs?: number } = {},
    ): Promise<Worker> {
      engines++;
      const workerId = `worker-${engines}`;
      const worker = await createWorker({
        store: recordAppends(store, workerId, appends),
        bus,
        clock,
        workflows,
        workerId,
        onError: (error) => errors.push(error),
        ...options,
      });
      closers.push(() => worker.close(0));
      return worker;
    },
    events: (runId: string) => eventsOf(store, runId),
  };
}

/** The store as one engine sees it: the same store, with each successful append noted. */
function recordAppends(
  store: EventStore,
  by: string,
  appends: Array<{ by: string; streamId: string; types: string[] }>,
): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') {
        const append: EventStore['append'] = async (streamId, events, options) => {
          const result = await target.append(streamId, events, options);
          appends.push({ by, streamId, types: events.map((event) => event.type) });
          return result;
        };
        return append;
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Every event of a run's stream. */
export function eventsOf(store: EventStore, runId: string): Promise<AgenticEvent[]> {
  return collect(store.readStream(runStreamId(runId)));
}

/** The events of one type, in order. */
export function ofType<Data = Record<string, unknown>>(
  events: readonly AgenticEvent[],
  type: string,
): Array<AgenticEvent<string, Data>> {
  return events.filter((event) => event.type === type) as Array<AgenticEvent<string, Data>>;
}

/** The data of the events of one type whose `stepId` is `stepId`. */
export function stepEvents<Data = Record<string, unknown>>(
  events: readonly AgenticEvent[],
  type: string,
  stepId: string,
): Data[] {
  return ofType<Data & { stepId: string }>(events, type)
    .filter((event) => event.data.stepId === stepId)
    .map((event) => event.data);
}

/** Asserts the stream's versions run 1, 2, 3… without a gap and each step completion is unique. */
export function expectConsistentHistory(events: readonly AgenticEvent[]): void {
  expect(events.map((event) => event.version)).toEqual(events.map((_, index) => index + 1));
  const completions = ofType<{ stepId: string; attempt: number }>(events, 'step.completed').map(
    (event) => event.data.stepId,
  );
  expect(completions).toEqual([...new Set(completions)]);
  expect(
    events.filter((event) => event.type.startsWith('run.') && event.version > 1).length,
  ).toBeLessThanOrEqual(1);
}

/** A promise with its resolvers, to hold a step until the test lets it go. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A promise that rejects with the signal's reason when it aborts, and otherwise never settles. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
