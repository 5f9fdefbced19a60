import type { EventBus, EventStore, JsonValue } from '@agenticflow/core';
import type { AnyWorkflowDefinition, WorkflowEngine } from '@agenticflow/workflows';

/** What the CLI hands a job: the configured backends and where the job runs. */
export interface JobContext {
  /** The configured event store (owned by the CLI: do not close it). */
  readonly store: EventStore;
  /** The configured bus, or `undefined` for in-process workers (owned by the CLI). */
  readonly bus: EventBus | undefined;
  /** The project directory (of the config file, or the working directory). */
  readonly projectDir: string;
  /** The configured data directory (`<project>/.agenticflow` by default). */
  readonly dataDir: string;
  /** The directory the command was typed in. */
  readonly cwd: string;
  /** The job file, absolute. */
  readonly jobFile: string;
  /**
   * The arguments after the job file (`agenticflow run job.ts a b`), as given to `run`; `resume`,
   * `approve` and `worker` get the ones the run was started with.
   */
  readonly args: readonly string[];
  /** The configured model id (`AGENTICFLOW_MODEL`, the config's `model`), if any. */
  readonly model: string | undefined;
  /** The selected profile. */
  readonly profile: 'development' | 'testing' | 'production';
  /**
   * `driver` for commands that run steps (`run`, `resume`, `worker`); `client` for commands that
   * only write a decision (`approve`, `reject`) and must leave the steps to the process running them.
   */
  readonly role: 'driver' | 'client';
  /**
   * An engine for `workflows` on the configured backends: with the `client` role a workflow client
   * that runs no step; otherwise an engine that watches the store (in-process bus) or a worker in
   * the bus group. Closed by the CLI.
   */
  createEngine(workflows: readonly AnyWorkflowDefinition[]): Promise<WorkflowEngine>;
}

/** The decision of `agenticflow approve|reject`. */
export interface GateDecision {
  readonly approved: boolean;
  readonly actor: string;
  readonly comment?: string;
  /** An edited plan or payload (`--plan <file>`), parsed JSON. */
  readonly plan?: JsonValue;
  /**
   * The gate of this task of a supervisor run (`--task <taskId>`) rather than the run's own: the
   * job's `decide` approves it (`supervisor.approveTask`) or rejects it.
   */
  readonly task?: string;
}

/** A job opened on the configured backends, ready to start, resume or approve its runs. */
export interface JobRuntime {
  /** The engine that drives the job's runs. */
  readonly engine: WorkflowEngine;
  /** Starts a run under `runId` (returns once it is stored). */
  start(runId: string): Promise<void>;
  /**
   * Resolves the run's pending gate. Without it, the CLI resumes the run's one suspended `waitFor`
   * step with `{ approved, actor, comment }` (or the `--plan` file's JSON).
   */
  decide?(runId: string, decision: GateDecision): Promise<void>;
  /** Lines printed after the run completes (where a report was written…). */
  summarize?(output: JsonValue): readonly string[];
  /** Releases what `open` created (the engine it did not get from `createEngine`…). */
  close?(): Promise<void>;
}

/** A job as the CLI runs it: `open` builds the runtime on the configured backends. */
export interface JobDefinition {
  readonly name: string;
  readonly description?: string;
  open(context: JobContext): Promise<JobRuntime>;
}

/** What `start` of a workflows job gets. */
export interface WorkflowsJobStartContext extends JobContext {
  /** The engine the CLI built for the job's workflows. */
  readonly engine: WorkflowEngine;
  /** Start the run under this id. */
  readonly runId: string;
}

/** A job made of workflows: the CLI builds the engine, `start` starts one run on it. */
export interface WorkflowsJobSpec {
  readonly name: string;
  readonly description?: string;
  /** The workflows the job's runs use (their child workflows included). */
  readonly workflows: readonly AnyWorkflowDefinition[];
  /** Starts the run, typically `ctx.engine.start(workflow, input, { runId: ctx.runId })`. */
  start(context: WorkflowsJobStartContext): Promise<unknown>;
  /** Lines printed after the run completes. */
  summarize?(output: JsonValue): readonly string[];
}

/** A job that builds its own runtime (a supervisor with its own engine, for example). */
export interface CustomJobSpec {
  readonly name: string;
  readonly description?: string;
  open(context: JobContext): Promise<JobRuntime>;
}

/**
 * Declares a job for `agenticflow run|resume|approve|worker`: the default export of a job file.
 * Either give `workflows` and `start` (the CLI builds the engine), or `open` (you build the runtime
 * on `context.store`, as a supervisor does).
 *
 * @example
 * ```ts
 * export default defineJob({
 *   name: 'greet',
 *   workflows: [greet],
 *   start: (ctx) => ctx.engine.start(greet, { name: ctx.args[0] ?? 'world' }, { runId: ctx.runId }),
 * });
 * ```
 */
export function defineJob(spec: WorkflowsJobSpec | CustomJobSpec): JobDefinition {
  if ('open' in spec) return spec;
  const { workflows, start, summarize } = spec;
  return {
    name: spec.name,
    ...(spec.description ? { description: spec.description } : {}),
    async open(context) {
      const engine = await context.createEngine(workflows);
      return {
        engine,
        start: async (runId) => {
          await start({ ...context, engine, runId });
        },
        ...(summarize ? { summarize } : {}),
      };
    },
  };
}
