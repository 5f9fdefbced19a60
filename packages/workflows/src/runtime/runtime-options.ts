import { type Clock, ConfigurationError, type EventStore, systemClock } from '@agenticflow/core';
import type { AnyWorkflowDefinition } from '../definition/step-definition.js';
import { type StepLogger, silentLogger } from '../engine/step-context.js';

/** Options shared by the engine and workers. */
export interface WorkflowRuntimeOptions {
  /** Where runs live. */
  readonly store: EventStore;
  /** The workflows this process can run (child workflows are added automatically). */
  readonly workflows: readonly AnyWorkflowDefinition[];
  /** @defaultValue the system clock */
  readonly clock?: Clock;
  /** Identifies this worker in leases. @defaultValue `<hostname>-<pid>-<random>` */
  readonly workerId?: string;
  /** Step attempts running at once in this process. @defaultValue 256 */
  readonly concurrency?: number;
  /**
   * How long a step's lease lasts; the worker renews it while the step runs, and another worker
   * takes the step over once it lapses.
   * @defaultValue 30000
   */
  readonly leaseMs?: number;
  /** Receives step log lines. @defaultValue silent */
  readonly logger?: StepLogger;
  /** Failures with no caller to go to (a store outage during a flush). @defaultValue a process warning */
  readonly onError?: (error: unknown, context: { readonly runId?: string }) => void;
}

/** {@link WorkflowRuntimeOptions} checked, with defaults applied. */
export interface ResolvedRuntimeOptions {
  readonly clock: Clock;
  readonly workerId: string;
  readonly concurrency: number;
  readonly leaseMs: number;
  readonly logger: StepLogger;
  readonly onError: NonNullable<WorkflowRuntimeOptions['onError']>;
}

/** Applies the defaults; throws `INVALID_CONFIGURATION` quoting a bad value. */
export function resolveRuntimeOptions(options: WorkflowRuntimeOptions): ResolvedRuntimeOptions {
  const concurrency = options.concurrency ?? 256;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new ConfigurationError(
      `concurrency must be an integer >= 1 (steps run at once), got ${String(concurrency)}`,
    );
  }
  const leaseMs = options.leaseMs ?? 30_000;
  if (!(Number.isFinite(leaseMs) && leaseMs > 0)) {
    throw new ConfigurationError(`leaseMs must be a positive number, got ${String(leaseMs)}`);
  }
  return {
    clock: options.clock ?? systemClock,
    workerId:
      options.workerId ??
      `${process.env.HOSTNAME ?? 'worker'}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    concurrency,
    leaseMs,
    logger: options.logger ?? silentLogger,
    onError:
      options.onError ??
      ((error, context) =>
        process.emitWarning(
          `workflow runtime${context.runId ? ` (run ${context.runId})` : ''}: ${String(error)}`,
        )),
  };
}
