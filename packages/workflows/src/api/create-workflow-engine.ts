import type { JsonValue } from '@agenticflow/core';
import { NotFoundError } from '@agenticflow/core';
import type { AnyWorkflowDefinition, WorkflowDefinition } from '../definition/step-definition.js';
import { RunWatcher } from '../runtime/run-watcher.js';
import type { StartRunOptions } from '../runtime/start-run-intent.js';
import { WorkflowRuntime, type WorkflowRuntimeOptions } from '../runtime/workflow-runtime.js';
import { loadRunState } from '../state/load-run-state.js';
import { type RunSnapshot, toRunSnapshot } from '../state/run-snapshot.js';
import { cancelWorkflowRun, resumeWaitingStep } from './run-control.js';

/** A started run. */
export interface RunHandle<Output = JsonValue> {
  readonly runId: string;
  /** Resolves with the output when the run completes; rejects with `RUN_FAILED` or `RUN_CANCELLED`. */
  result(): Promise<Output>;
}

/** Runs workflows in this process over any event store. */
export interface WorkflowEngine {
  /** Starts a run; resolves once it is stored. Input is checked against the workflow's schema. */
  start<Input, Output, StartInput>(
    workflow: WorkflowDefinition<Input, Output, StartInput>,
    input: StartInput,
    options?: Pick<StartRunOptions, 'runId'>,
  ): Promise<RunHandle<Output>>;
  /** Delivers the payload of a suspended `waitFor` step (see `resumeWaitingStep`). */
  resume(runId: string, stepId: string, payload: unknown): Promise<void>;
  /** Cancels a run. */
  cancel(runId: string, reason?: string): Promise<void>;
  /** Waits for a run (this engine's or an unfinished one in the store, which it then drives). */
  result<Output = JsonValue>(runId: string): Promise<Output>;
  /** The run's current state, read from the store. */
  getRun(runId: string): Promise<RunSnapshot>;
  /** Continues every unfinished run of the registered workflows; returns their ids. */
  recover(): Promise<string[]>;
  /**
   * Continues one run (a fork, or a run left by a stopped process). With `takeOver`, steps that
   * other workers are recorded as running are interrupted at once and run again here, rather than
   * after their leases lapse: use it when their process is known to be gone.
   */
  resumeRun(runId: string, options?: { readonly takeOver?: boolean }): Promise<void>;
  /** Stops after letting running steps finish (up to `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/** Options of {@link createWorkflowEngine}. */
export interface WorkflowEngineOptions extends WorkflowRuntimeOptions {
  /**
   * Follow the store so that writes by other processes (a resume or cancel from a CLI, a run
   * started by a client) reach this engine at once, and drive runs other processes start.
   * @defaultValue `store.capabilities.multiProcess`
   */
  readonly watchStore?: boolean;
}

/**
 * Creates an engine that runs workflows in this process, recording every decision in the event
 * store so any run can be resumed after a crash, replayed or audited. For several processes, use
 * `createWorker` with a bus.
 *
 * @example
 * ```ts
 * const engine = await createWorkflowEngine({ store: new InMemoryEventStore(), workflows: [report] });
 * const run = await engine.start(report, { repo: '.' });
 * console.log(await run.result());
 * ```
 */
export async function createWorkflowEngine(
  options: WorkflowEngineOptions,
): Promise<WorkflowEngine> {
  const runtime = new WorkflowRuntime(options);
  await runtime.start();
  if (!(options.watchStore ?? options.store.capabilities.multiProcess)) return engineApi(runtime);
  const watcher = new RunWatcher(runtime, { adopt: true });
  await watcher.start();
  return withCloseHook(engineApi(runtime), () => watcher.close());
}

/** The engine API that also runs `before` when closed (to stop a watcher or monitor first). */
export function withCloseHook<Api extends WorkflowEngine>(
  api: Api,
  before: () => Promise<void>,
): Api {
  return {
    ...api,
    async close(graceMs) {
      await before();
      await api.close(graceMs);
    },
  };
}

/** The engine API over a runtime (shared by workers). */
export function engineApi(runtime: WorkflowRuntime): WorkflowEngine {
  return {
    async start(workflow, input, options = {}) {
      const runId = await runtime.startRun(workflow as AnyWorkflowDefinition, input, options);
      return { runId, result: () => runtime.result(runId) as Promise<never> };
    },
    resume: (runId, stepId, payload) => resumeWaitingStep(runtime, runId, stepId, payload),
    cancel: (runId, reason = 'cancelled by request') => cancelWorkflowRun(runtime, runId, reason),
    result: <Output>(runId: string) => runtime.result(runId) as Promise<Output>,
    async getRun(runId) {
      const state = await loadRunState(runtime.store, runId);
      if (state.version === 0) throw new NotFoundError(`run ${runId} does not exist: check the id`);
      return toRunSnapshot(state);
    },
    recover: () => runtime.recover(),
    async resumeRun(runId, resumeOptions = {}) {
      if (resumeOptions.takeOver) await runtime.takeOver(runId);
      else await runtime.driverFor(runId);
    },
    close: (graceMs) => runtime.close(graceMs),
  };
}
