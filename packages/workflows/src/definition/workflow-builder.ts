import { ConfigurationError, type JsonValue } from '@agenticflow/core';
import type { z } from 'zod';
import type { MapItemContext, StepContext } from '../engine/step-context.js';
import { type ResolvedRetryPolicy, type RetryPolicy, resolveRetryPolicy } from './retry-policy.js';
import type {
  FailurePolicy,
  StepDefinition,
  StepSource,
  WorkflowDefinition,
} from './step-definition.js';
import { validateGraph } from './validate-graph.js';

/**
 * The only steps a default `output` function reads, by function: the outputs of the others need not
 * be gathered for it (a run of 1,000 steps in a line would build a 1,000-key object for one value).
 */
export const stepsReadByOutput = new WeakMap<object, readonly string[]>();

/** Options of {@link workflow}. */
export interface WorkflowOptions<InputSchema extends z.ZodType | undefined = undefined> {
  /** Version of the definition; runs remember it and resume only on a worker that has it. @defaultValue 1 */
  readonly version?: number;
  /** Schema of the run input, checked when a run starts. */
  readonly input?: InputSchema;
  /** Fails the run if it has not finished this long after it started. */
  readonly timeoutMs?: number;
  /** Default retry policy of the steps. */
  readonly retry?: RetryPolicy;
  /** Default timeout of each step attempt, in ms. */
  readonly stepTimeoutMs?: number;
}

type InputOf<S> = S extends z.ZodType ? z.output<S> : undefined;
type StartInputOf<S> = S extends z.ZodType ? z.input<S> : undefined;
type DefaultStepInput<RunInput, Outputs, Deps extends keyof Outputs> = [Deps] extends [never]
  ? RunInput
  : Pick<Outputs, Deps>;

interface CommonStepOptions<RunInput, DepOutputs, Deps extends string> {
  /** Steps that must finish first; their outputs arrive as `ctx.deps`. */
  readonly dependsOn?: readonly Deps[];
  /** Runs the step only when this returns true; otherwise it is skipped (a branch). */
  readonly when?: (source: StepSource<RunInput, DepOutputs>) => boolean;
  /** What happens when the step fails for good. @defaultValue 'fail' */
  readonly onFailure?: FailurePolicy;
}

/** Options of {@link WorkflowBuilder.step}. */
export interface TaskStepOptions<
  RunInput,
  Outputs,
  Deps extends keyof Outputs & string,
  StepIn,
  Out,
> extends CommonStepOptions<RunInput, Pick<Outputs, Deps>, Deps> {
  /** Builds the step input from the run input and the dependency outputs. */
  readonly input?: (source: StepSource<RunInput, Pick<Outputs, Deps>>) => StepIn;
  /** Checks the step input before each attempt; a mismatch fails the step (not retried). */
  readonly inputSchema?: z.ZodType;
  /** Checks the output; a mismatch fails the step (not retried). */
  readonly outputSchema?: z.ZodType;
  /** The work. Its return value (JSON) is the step output. */
  readonly run: (context: StepContext<StepIn, Pick<Outputs, Deps>, RunInput>) => Out | Promise<Out>;
  /** Undoes the step's effect when a later step fails with `onFailure: 'compensate'`. */
  readonly compensate?: (context: StepContext<StepIn, Pick<Outputs, Deps>, RunInput>) => unknown;
  readonly retry?: RetryPolicy;
  /** Timeout of each attempt in ms; the step's `signal` aborts when it passes. */
  readonly timeoutMs?: number;
}

/** Options of {@link WorkflowBuilder.map}. */
export interface MapStepOptions<RunInput, Outputs, Deps extends keyof Outputs & string, Item, Out>
  extends CommonStepOptions<RunInput, Pick<Outputs, Deps>, Deps> {
  /** The items: one execution of `run` each, in parallel. Must be deterministic. */
  readonly over: (source: StepSource<RunInput, Pick<Outputs, Deps>>) => readonly Item[];
  readonly run: (
    context: MapItemContext<Item, Pick<Outputs, Deps>, RunInput>,
  ) => Out | Promise<Out>;
  /** Checks each item's output. */
  readonly outputSchema?: z.ZodType;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
}

/** Options of {@link WorkflowBuilder.child}. */
export interface ChildStepOptions<
  RunInput,
  Outputs,
  Deps extends keyof Outputs & string,
  ChildIn,
  ChildOut,
> extends CommonStepOptions<RunInput, Pick<Outputs, Deps>, Deps> {
  readonly workflow: WorkflowDefinition<ChildIn, ChildOut>;
  /** The child run's input. */
  readonly input: (source: StepSource<RunInput, Pick<Outputs, Deps>>) => ChildIn;
}

/** Options of {@link WorkflowBuilder.sleep}: a duration or a point in time. */
export interface SleepStepOptions<RunInput, Outputs, Deps extends keyof Outputs & string>
  extends CommonStepOptions<RunInput, Pick<Outputs, Deps>, Deps> {
  readonly durationMs?: number | ((source: StepSource<RunInput, Pick<Outputs, Deps>>) => number);
  readonly until?: (source: StepSource<RunInput, Pick<Outputs, Deps>>) => Date | number;
}

/** Options of {@link WorkflowBuilder.waitFor}. */
export interface WaitStepOptions<RunInput, Outputs, Deps extends keyof Outputs & string, Payload>
  extends CommonStepOptions<RunInput, Pick<Outputs, Deps>, Deps> {
  /** Schema of the payload `resume` must deliver; it becomes the step output. */
  readonly payload: z.ZodType<Payload>;
}

/** The outputs of a workflow with no steps yet. */
// biome-ignore lint/complexity/noBannedTypes: `{}` is the identity of `&`, so step outputs accumulate cleanly.
type NoOutputs = {};

type Add<Outputs, Id extends string, Out> = Outputs & { readonly [K in Id]: Out };

/**
 * Builds a workflow step by step; each method returns a new builder, so a partial builder can be
 * shared (templates are plain functions returning builders or definitions).
 */
export class WorkflowBuilder<
  RunInput,
  Outputs extends Record<string, unknown>,
  StartInput = RunInput,
> {
  constructor(
    private readonly name: string,
    private readonly options: WorkflowOptions<z.ZodType | undefined>,
    private readonly defined: readonly StepDefinition[] = [],
  ) {}

  /** A step that runs a function. */
  step<
    Id extends string,
    Out,
    Deps extends keyof Outputs & string = never,
    StepIn = DefaultStepInput<RunInput, Outputs, Deps>,
  >(
    id: Id,
    options: TaskStepOptions<RunInput, Outputs, Deps, StepIn, Out>,
  ): WorkflowBuilder<RunInput, Add<Outputs, Id, Awaited<Out>>, StartInput> {
    return this.add({
      kind: 'task',
      ...this.common(id, options),
      run: options.run as (context: StepContext) => unknown,
      ...(options.input ? { input: options.input as (source: StepSource) => unknown } : {}),
      ...(options.inputSchema ? { inputSchema: options.inputSchema } : {}),
      ...(options.outputSchema ? { outputSchema: options.outputSchema } : {}),
      ...(options.compensate
        ? { compensate: options.compensate as (context: StepContext) => unknown }
        : {}),
      retry: this.retry(options.retry),
      ...this.timeout(options.timeoutMs),
    });
  }

  /** Runs `run` once per item of `over`, in parallel; the output is the array of results. */
  map<Id extends string, Item, Out, Deps extends keyof Outputs & string = never>(
    id: Id,
    options: MapStepOptions<RunInput, Outputs, Deps, Item, Out>,
  ): WorkflowBuilder<RunInput, Add<Outputs, Id, Awaited<Out>[]>, StartInput> {
    return this.add({
      kind: 'map',
      ...this.common(id, options),
      over: options.over as (source: StepSource) => readonly unknown[],
      run: options.run as (context: StepContext) => unknown,
      ...(options.outputSchema ? { outputSchema: options.outputSchema } : {}),
      retry: this.retry(options.retry),
      ...this.timeout(options.timeoutMs),
    });
  }

  /** Runs another workflow as a child run; the step outputs the child's output. */
  child<Id extends string, ChildIn, ChildOut, Deps extends keyof Outputs & string = never>(
    id: Id,
    options: ChildStepOptions<RunInput, Outputs, Deps, ChildIn, ChildOut>,
  ): WorkflowBuilder<RunInput, Add<Outputs, Id, ChildOut>, StartInput> {
    return this.add({
      kind: 'child',
      ...this.common(id, options),
      workflow: options.workflow,
      input: options.input as (source: StepSource) => unknown,
    });
  }

  /** A durable timer: completes (with output `null`) after `durationMs` or at `until`, across restarts. */
  sleep<Id extends string, Deps extends keyof Outputs & string = never>(
    id: Id,
    options: SleepStepOptions<RunInput, Outputs, Deps>,
  ): WorkflowBuilder<RunInput, Add<Outputs, Id, null>, StartInput> {
    const { durationMs, until } = options;
    if ((durationMs === undefined) === (until === undefined)) {
      throw new ConfigurationError(
        `sleep step ${id} of workflow ${this.name} needs exactly one of durationMs and until`,
      );
    }
    const dueAt = (source: StepSource, now: number): number => {
      if (until) return Number(until(source as StepSource<RunInput, Pick<Outputs, Deps>>));
      const ms =
        typeof durationMs === 'function'
          ? durationMs(source as StepSource<RunInput, Pick<Outputs, Deps>>)
          : durationMs!;
      return now + ms;
    };
    return this.add({ kind: 'sleep', ...this.common(id, options), dueAt });
  }

  /**
   * Suspends the run at this step until `resume(runId, id, payload)` delivers a payload that fits
   * `payload` (a human approval, an external callback); the payload becomes the step output.
   */
  waitFor<Id extends string, Payload, Deps extends keyof Outputs & string = never>(
    id: Id,
    options: WaitStepOptions<RunInput, Outputs, Deps, Payload>,
  ): WorkflowBuilder<RunInput, Add<Outputs, Id, Payload>, StartInput> {
    return this.add({ kind: 'wait', ...this.common(id, options), payload: options.payload });
  }

  /**
   * Validates the graph and returns the definition. A cycle, a dependency on a missing step or a
   * duplicate id throws `INVALID_WORKFLOW` naming the steps.
   *
   * @param options.output - builds the run output from the step outputs; by default an object of
   *   the outputs of the steps nothing depends on
   */
  build<Output = Partial<Outputs>>(
    options: { readonly output?: (outputs: Outputs) => Output } = {},
  ): WorkflowDefinition<RunInput, Output, StartInput> {
    const { ordered, dependents } = validateGraph(this.name, this.defined);
    const sinks = ordered
      .filter((step) => dependents.get(step.id)!.length === 0)
      .map((step) => step.id);
    const defaultOutput = (outputs: Readonly<Record<string, JsonValue | undefined>>) =>
      Object.fromEntries(
        sinks.filter((id) => outputs[id] !== undefined).map((id) => [id, outputs[id]]),
      );
    stepsReadByOutput.set(defaultOutput, sinks);
    return {
      name: this.name,
      version: this.options.version ?? 1,
      ...(this.options.input ? { inputSchema: this.options.input } : {}),
      steps: ordered,
      stepById: new Map(ordered.map((step) => [step.id, step])),
      dependents,
      output:
        (options.output as
          | ((outputs: Readonly<Record<string, JsonValue | undefined>>) => unknown)
          | undefined) ?? defaultOutput,
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
    };
  }

  private add<Next extends Record<string, unknown>>(
    step: StepDefinition,
  ): WorkflowBuilder<RunInput, Next, StartInput> {
    return new WorkflowBuilder(this.name, this.options, [...this.defined, step]);
  }

  private common(id: string, options: CommonStepOptions<RunInput, never, string>) {
    return {
      id,
      dependsOn: [...(options.dependsOn ?? [])],
      onFailure: options.onFailure ?? 'fail',
      ...(options.when ? { when: options.when as (source: StepSource) => boolean } : {}),
    };
  }

  private baseRetry: ResolvedRetryPolicy | undefined;
  private retry(policy: RetryPolicy | undefined): ResolvedRetryPolicy {
    this.baseRetry ??= resolveRetryPolicy(this.options.retry);
    return policy ? resolveRetryPolicy(policy, this.baseRetry) : this.baseRetry;
  }

  private timeout(timeoutMs: number | undefined): { timeoutMs?: number } {
    const value = timeoutMs ?? this.options.stepTimeoutMs;
    if (value === undefined) return {};
    if (!(Number.isFinite(value) && value > 0))
      throw new ConfigurationError(
        `step timeoutMs must be a positive number, got ${String(value)}`,
      );
    return { timeoutMs: value };
  }
}

/**
 * Starts a workflow definition.
 *
 * @example
 * ```ts
 * const report = workflow('repo-report', { version: 1, input: z.object({ repo: z.string() }) })
 *   .step('list', { run: async (ctx) => listFiles(ctx.input.repo) })
 *   .map('measure', { dependsOn: ['list'], over: ({ deps }) => deps.list, run: (ctx) => measure(ctx.item) })
 *   .waitFor('approve', { dependsOn: ['measure'], payload: z.object({ approved: z.boolean() }) })
 *   .step('write', { dependsOn: ['measure', 'approve'], run: (ctx) => write(ctx.deps.measure) })
 *   .build();
 * ```
 */
export function workflow<InputSchema extends z.ZodType | undefined = undefined>(
  name: string,
  options: WorkflowOptions<InputSchema> = {},
): WorkflowBuilder<InputOf<InputSchema>, NoOutputs, StartInputOf<InputSchema>> {
  if (typeof name !== 'string' || !/^[a-z][a-z0-9_-]{0,99}$/.test(name)) {
    throw new ConfigurationError(
      `workflow name ${JSON.stringify(name)} must be lower case letters, digits, "_" or "-", starting with a letter`,
    );
  }
  const version = options.version ?? 1;
  if (!(Number.isInteger(version) && version >= 1)) {
    throw new ConfigurationError(
      `workflow ${name}: version must be an integer >= 1, got ${String(version)}`,
    );
  }
  return new WorkflowBuilder(name, options);
}
