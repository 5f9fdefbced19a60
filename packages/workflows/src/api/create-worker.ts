import type { EventBus } from '@agenticflow/core';
import { BusDispatcher } from '../runtime/bus-dispatcher.js';
import { RunMonitor } from '../runtime/run-monitor.js';
import { WorkflowRuntime, type WorkflowRuntimeOptions } from '../runtime/workflow-runtime.js';
import { engineApi, type WorkflowEngine, withCloseHook } from './create-workflow-engine.js';

/** Options of {@link createWorker}. */
export interface WorkerOptions extends WorkflowRuntimeOptions {
  /** Carries step tasks between workers (in-memory for one process, NATS or Redis across processes). */
  readonly bus: EventBus;
  /** The bus group workers share. @defaultValue 'agenticflow-workflows' */
  readonly group?: string;
  /** Prefix of the task topics (`<prefix>.step.<workflow>`). @defaultValue 'workflows' */
  readonly topicPrefix?: string;
  /** A step not claimed this long after it was scheduled gets its task published again. @defaultValue 10000 */
  readonly dispatchTimeoutMs?: number;
}

/** A worker: the engine API plus its id. */
export interface Worker extends WorkflowEngine {
  readonly workerId: string;
}

/**
 * Starts a worker that takes steps from a bus group, so the same workflows run in one process
 * (with `InMemoryEventBus`) or spread over many (with `@agenticflow/bus-nats` or
 * `@agenticflow/bus-redis`), unchanged. On start it resumes every unfinished run of its workflows;
 * while it runs it watches the store so no run waits on a worker that died.
 *
 * @example
 * ```ts
 * const worker = await createWorker({ store, bus, workflows: [report], concurrency: 8 });
 * const run = await worker.start(report, { repo: '.' });
 * ```
 */
export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const dispatcher = new BusDispatcher({
    bus: options.bus,
    ...(options.group ? { group: options.group } : {}),
    ...(options.topicPrefix ? { topicPrefix: options.topicPrefix } : {}),
  });
  const runtime = new WorkflowRuntime(options, dispatcher);
  const monitor = new RunMonitor(runtime, dispatcher, {
    ...(options.dispatchTimeoutMs !== undefined
      ? { dispatchTimeoutMs: options.dispatchTimeoutMs }
      : {}),
  });
  await runtime.start();
  await monitor.start();
  await runtime.recover();
  return {
    ...withCloseHook(engineApi(runtime), () => monitor.close()),
    workerId: runtime.workerId,
  };
}
