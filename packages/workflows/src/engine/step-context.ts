import type { JsonValue } from '@agenticflow/core';

/** Structured logging for steps. Give the engine a logger (pino works) to see these lines. */
export interface StepLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything: the default. */
export const silentLogger: StepLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * What a step function receives.
 *
 * @typeParam Input - the step's input (its `input` mapper's result; by default the run input for a
 *   step without dependencies, else the dependencies' outputs)
 * @typeParam Deps - outputs of the steps it depends on, by step id
 * @typeParam RunInput - the run's input
 */
export interface StepContext<Input = unknown, Deps = Record<string, unknown>, RunInput = unknown> {
  readonly runId: string;
  /** The step's id; a map item's is `<id>[<index>]`. */
  readonly stepId: string;
  /** 1 on the first execution, then 2, 3… (a takeover after a crash counts too). */
  readonly attempt: number;
  /**
   * `<runId>/<stepId>`: the same on every attempt. Hand it to side-effecting services so a retried
   * step does its effect once.
   */
  readonly idempotencyKey: string;
  readonly input: Input;
  readonly deps: Deps;
  readonly runInput: RunInput;
  /**
   * Aborted when the step times out, the run is cancelled or fails, or the worker shuts down. Pass
   * it to fetch calls, child processes and tools.
   */
  readonly signal: AbortSignal;
  readonly logger: StepLogger;
  /**
   * Appends a custom event (type not starting with `run.`, `step.`, `timer.`, `child.` or
   * `compensation.`) to the run's stream; resolves once it is stored.
   */
  emit(type: string, data: JsonValue): Promise<void>;
}

/** What each item of a map step receives: a {@link StepContext} plus the item and its index. */
export interface MapItemContext<Item = unknown, Deps = Record<string, unknown>, RunInput = unknown>
  extends StepContext<Item, Deps, RunInput> {
  readonly item: Item;
  readonly index: number;
}
