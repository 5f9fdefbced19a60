import type { EventBus, EventStore } from '@agenticflow/core';
import {
  createWorker,
  createWorkflowClient,
  createWorkflowEngine,
  type WorkflowEngine,
} from '@agenticflow/workflows';
import { openBus } from '../backends/open-bus.js';
import { openStore } from '../backends/open-store.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import type { JobContext, JobDefinition, JobRuntime } from './define-job.js';
import { loadJob } from './load-job.js';

/** How a command uses a job: `driver` runs steps, `client` only writes decisions (approve, reject). */
export type JobRole = 'driver' | 'client';

/** A job opened on the configured backends. */
export interface OpenedJob {
  readonly job: JobDefinition;
  readonly jobFile: string;
  readonly runtime: JobRuntime;
  readonly store: EventStore;
  readonly bus: EventBus | undefined;
  /** Closes the runtime, the engines it created, then the bus and the store. */
  close(graceMs?: number): Promise<void>;
}

/** Opens the store and bus, imports the job file and opens the job on them. */
export async function openJob(
  config: ResolvedConfig,
  options: {
    readonly file: string;
    readonly args: readonly string[];
    readonly cwd: string;
    readonly role: JobRole;
  },
): Promise<OpenedJob> {
  const { job, jobFile } = await loadJob(options.file, options.cwd);
  const store = await openStore(config.store, { secrets: config.secrets });
  const engines: WorkflowEngine[] = [];
  let bus: EventBus | undefined;
  const closeBackends = async () => {
    for (const engine of engines.reverse()) await engine.close(1_000).catch(() => {});
    await bus?.close().catch(() => {});
    await store.close().catch(() => {});
  };
  try {
    bus = await openBus(config.bus);
    const runtimeOptions = {
      ...(config.worker.concurrency ? { concurrency: config.worker.concurrency } : {}),
      ...(config.worker.leaseMs ? { leaseMs: config.worker.leaseMs } : {}),
    };
    const context: JobContext = {
      store,
      bus,
      projectDir: config.projectDir,
      dataDir: config.dataDir,
      cwd: options.cwd,
      jobFile,
      args: options.args,
      model: config.model,
      profile: config.profile,
      role: options.role,
      async createEngine(workflows) {
        const engine =
          options.role === 'client'
            ? await createWorkflowClient({ store, workflows, ...(bus ? { bus } : {}) })
            : bus
              ? await createWorker({ store, bus, workflows, ...runtimeOptions })
              : await createWorkflowEngine({
                  store,
                  workflows,
                  watchStore: true,
                  ...runtimeOptions,
                });
        engines.push(engine);
        return engine;
      },
    };
    const runtime = await job.open(context);
    return {
      job,
      jobFile,
      runtime,
      store,
      bus,
      async close(graceMs = 1_000) {
        await runtime.close?.().catch(() => {});
        for (const engine of engines.splice(0).reverse())
          await engine.close(graceMs).catch(() => {});
        await closeBackends();
      },
    };
  } catch (error) {
    await closeBackends();
    throw error;
  }
}
