import type { EventBus } from '@agenticflow/core';
import { BusDispatcher } from '../runtime/bus-dispatcher.js';
import { RunMonitor } from '../runtime/run-monitor.js';
import { RunWatcher } from '../runtime/run-watcher.js';
import { PassiveDispatcher } from '../runtime/step-dispatcher.js';
import { WorkflowRuntime, type WorkflowRuntimeOptions } from '../runtime/workflow-runtime.js';
import { engineApi, type WorkflowEngine, withCloseHook } from './create-workflow-engine.js';

/** Options of {@link createWorkflowClient}. */
export interface WorkflowClientOptions extends Omit<WorkflowRuntimeOptions, 'concurrency'> {
  /**
   * The workers' bus: the client hands the first steps of the runs it starts to their group.
   * Without a bus, steps wait in the store for an engine that watches it (`watchStore`).
   */
  readonly bus?: EventBus;
  /** The workers' group. @defaultValue 'agenticflow-workflows' */
  readonly group?: string;
  /** Prefix of the task topics. @defaultValue 'workflows' */
  readonly topicPrefix?: string;
  /** With a bus: republish a step task not claimed this long after it was scheduled. @defaultValue 10000 */
  readonly dispatchTimeoutMs?: number;
}

/**
 * A process that starts, resumes, cancels and waits for runs without running any step itself (an
 * API server, a CLI command, a test driver). With a bus it hands steps to the workers' group; with
 * only a store, engines that watch the store (the default for SQLite and PostgreSQL) pick the runs
 * up. `result()` resolves when whoever runs the steps ends the run.
 *
 * @example
 * ```ts
 * const client = await createWorkflowClient({ store, bus, workflows: [report] });
 * const run = await client.start(report, { repo: '.' });
 * console.log(await run.result());
 * ```
 */
export async function createWorkflowClient(
  options: WorkflowClientOptions,
): Promise<WorkflowEngine> {
  const { bus } = options;
  if (!bus) {
    const runtime = new WorkflowRuntime(options, new PassiveDispatcher());
    const watcher = new RunWatcher(runtime, { adopt: false });
    await runtime.start();
    await watcher.start();
    return withCloseHook(engineApi(runtime), () => watcher.close());
  }
  const dispatcher = new BusDispatcher({
    bus,
    consume: false,
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
  return withCloseHook(engineApi(runtime), () => monitor.close());
}
