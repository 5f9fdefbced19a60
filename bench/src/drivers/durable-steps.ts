import { expectEqual } from '../harness/checks.js';
import type { Sample } from '../harness/measure.js';

/** Steps of one run (BENCH.md W3). */
export const STEPS = 200;

/** The one shape every W3 system is driven through. */
export interface StepRunnerUnderTest {
  /**
   * Runs `steps` sequential no-op steps of one run; each step's completion must be durable (committed
   * to disk) before the next step starts.
   */
  runSteps(runId: string, steps: number): Promise<void>;
  /** The step completions recorded for the run, read back from the durable store. */
  completedSteps(runId: string): Promise<number>;
  close(): Promise<void>;
}

/** Runs one W3 run under `runId`, checks every step was recorded, and returns `per_step_ms`. */
export async function runDurableSteps(
  system: StepRunnerUnderTest,
  runId: string,
  steps = STEPS,
): Promise<Sample> {
  const startedAt = performance.now();
  await system.runSteps(runId, steps);
  const elapsedMs = performance.now() - startedAt;
  expectEqual(await system.completedSteps(runId), steps, `step completions recorded for ${runId}`);
  return { per_step_ms: elapsedMs / steps };
}
