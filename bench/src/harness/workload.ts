import type { Budget } from './budget.js';

/** What a workload gets from the runner. */
export interface WorkloadContext {
  /** Prints one figure of this workload (the workload id is filled in). */
  emit(system: string, metric: string, value: number, unit: string): void;
  /** A progress note on stderr. */
  progress(message: string): void;
  /** This workload's time budget. */
  readonly budget: Budget;
}

/**
 * One benchmark from BENCH.md. `run` prints its figures through `context.emit` and throws when a
 * result check fails.
 */
export interface Workload {
  /** The id users pass to `pnpm bench`, such as `W0` or `C1`. */
  readonly id: string;
  /**
   * A backend's share of a workload, when one workload (W4) covers several backends whose runs
   * together would pass a minute: each part runs with its own budget, and `pnpm bench W4` runs
   * every part.
   */
  readonly part?: string;
  /** One line on what it measures. */
  readonly title: string;
  /** Milliseconds the workload aims to stay within; the runner gives up at twice this (55 s at most). */
  readonly budgetMs: number;
  run(context: WorkloadContext): Promise<void>;
}
