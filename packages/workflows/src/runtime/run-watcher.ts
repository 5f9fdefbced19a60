import type { AgenticEvent, StoreSubscription } from '@agenticflow/core';
import type * as E from '../events/run-events.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/** Options of {@link RunWatcher}. */
export interface RunWatcherOptions {
  /** Also drive runs of registered workflows that another process starts. */
  readonly adopt: boolean;
}

/**
 * Follows the store for an engine that shares it with other processes (a store with
 * `capabilities.multiProcess`, such as a SQLite file): when someone else writes to a run this
 * engine drives (a resume, a cancel, a takeover), the engine reads the run again before deciding;
 * with `adopt`, runs started elsewhere (by a client without a bus) are taken on.
 */
export class RunWatcher {
  private subscription: StoreSubscription | undefined;

  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly options: RunWatcherOptions,
  ) {}

  async start(): Promise<void> {
    this.subscription = this.runtime.store.subscribe({
      from: 'end',
      filter: { streamPrefix: 'run-' },
      handler: (event) => this.observe(event),
    });
    await this.subscription.caughtUp;
  }

  private observe(event: AgenticEvent): void {
    const runId = event.streamId.slice(4);
    const driver = this.runtime.drivers.get(runId);
    if (driver) {
      // Events this engine wrote are already in its state; a later version is someone else's.
      if (event.version > driver.state.version) driver.refresh();
      return;
    }
    if (!this.options.adopt || event.type !== 'run.started') return;
    const data = event.data as E.RunStartedData;
    if (!this.runtime.registry.has(data.workflow, data.workflowVersion)) return;
    this.runtime.driverFor(runId).catch((error: unknown) => this.runtime.reportError(error, runId));
  }

  async close(): Promise<void> {
    await this.subscription?.close();
  }
}
