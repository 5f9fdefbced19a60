import type { JsonValue } from '@agenticflow/core';
import type { z } from 'zod';
import type { StepContext } from '../engine/step-context.js';
import type { ResolvedRetryPolicy } from './retry-policy.js';

/** What a step does when it fails for good (after its retries). */
export type FailurePolicy =
  /** The run fails (after compensations, when the workflow asks for them). */
  | 'fail'
  /** The run goes on: dependents run with this step's output `undefined`. */
  | 'continue'
  /** The completed steps' `compensate` functions run in reverse order, then the run fails. */
  | 'compensate';

/** What `when` and input mappers see: the run input and the dependency outputs. */
export interface StepSource<RunInput = unknown, Deps = Record<string, unknown>> {
  readonly input: RunInput;
  readonly deps: Deps;
}

interface StepDefinitionBase {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly when?: (source: StepSource) => boolean;
  readonly onFailure: FailurePolicy;
}

/** A step that runs a function. */
export interface TaskStepDefinition extends StepDefinitionBase {
  readonly kind: 'task';
  readonly run: (context: StepContext) => unknown;
  readonly input?: (source: StepSource) => unknown;
  readonly inputSchema?: z.ZodType;
  readonly outputSchema?: z.ZodType;
  readonly retry: ResolvedRetryPolicy;
  readonly timeoutMs?: number;
  readonly compensate?: (context: StepContext) => unknown;
}

/** A step that runs a function once per item of an array (dynamic fan-out); its output is the array of results. */
export interface MapStepDefinition extends StepDefinitionBase {
  readonly kind: 'map';
  readonly over: (source: StepSource) => readonly unknown[];
  readonly run: (context: StepContext) => unknown;
  readonly outputSchema?: z.ZodType;
  readonly retry: ResolvedRetryPolicy;
  readonly timeoutMs?: number;
}

/** A step that runs another workflow as a child run and outputs the child's output. */
export interface ChildStepDefinition extends StepDefinitionBase {
  readonly kind: 'child';
  readonly workflow: AnyWorkflowDefinition;
  readonly input: (source: StepSource) => unknown;
}

/** A durable timer: completes after a delay or at a time, surviving restarts. */
export interface SleepStepDefinition extends StepDefinitionBase {
  readonly kind: 'sleep';
  /** Epoch ms at which the step completes, given the source and the current time. */
  readonly dueAt: (source: StepSource, now: number) => number;
}

/** Suspends the run until `resume` delivers a payload that `payload` accepts (human input). */
export interface WaitStepDefinition extends StepDefinitionBase {
  readonly kind: 'wait';
  readonly payload: z.ZodType;
}

export type StepDefinition =
  | TaskStepDefinition
  | MapStepDefinition
  | ChildStepDefinition
  | SleepStepDefinition
  | WaitStepDefinition;

/**
 * A built workflow. `Input` is the run input as steps see it (after the input schema's defaults
 * and transforms), `StartInput` what `start` accepts (before them), `Output` the run output. Made
 * by `workflow(...)…build()`.
 */
export interface WorkflowDefinition<Input = unknown, Output = unknown, StartInput = Input> {
  readonly name: string;
  readonly version: number;
  readonly inputSchema?: z.ZodType;
  /** Steps in a topological order (every step after its dependencies). */
  readonly steps: readonly StepDefinition[];
  readonly stepById: ReadonlyMap<string, StepDefinition>;
  /** For each step, the steps that depend on it. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** Builds the run output from the outputs of completed steps. */
  readonly output: (outputs: Readonly<Record<string, JsonValue | undefined>>) => unknown;
  /** Run timeout in ms, if any. */
  readonly timeoutMs?: number;
  /** Phantom fields carrying the types; never set. */
  readonly __types?: {
    readonly input: Input;
    readonly output: Output;
    readonly startInput: StartInput;
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a workflow of any input and output.
export type AnyWorkflowDefinition = WorkflowDefinition<any, any, any>;

/** Run input type of a workflow, as its steps see it. */
export type WorkflowInput<W> =
  W extends WorkflowDefinition<infer Input, unknown, unknown> ? Input : never;
/** What `start` accepts for a workflow (fields with schema defaults are optional). */
export type WorkflowStartInput<W> =
  W extends WorkflowDefinition<unknown, unknown, infer StartInput> ? StartInput : never;
/** Run output type of a workflow. */
export type WorkflowOutput<W> =
  W extends WorkflowDefinition<unknown, infer Output, unknown> ? Output : never;
