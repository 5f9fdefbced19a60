import { type SerializedError, serializeError } from '@agenticflow/core';
import { recordCompensation } from '../engine/intents.js';
import type { RunDriver } from '../engine/run-driver.js';
import type { StepLogger } from '../engine/step-context.js';
import { Execution, ExecutionContext } from '../engine/step-executor.js';

/**
 * Runs the `compensate` function of a completed step, as an execution of the run (so closing the
 * worker aborts its signal and `ctx.emit` records events), and returns its error, if any. The
 * caller records the outcome; a step without a compensation counts as compensated.
 */
export async function runCompensation(
  driver: RunDriver,
  stepId: string,
  logger: StepLogger,
): Promise<SerializedError | undefined> {
  const step = driver.definition.stepById.get(stepId);
  if (step?.kind !== 'task' || !step.compensate) return undefined;
  const key = `${stepId}#compensate`;
  const execution = new Execution(driver, stepId, driver.state.steps.get(stepId)?.attempt ?? 1);
  driver.executions.set(key, execution);
  try {
    await step.compensate(new ExecutionContext(execution, step, logger, '/compensate'));
    return undefined;
  } catch (error) {
    return serializeError(error);
  } finally {
    driver.executions.delete(key);
  }
}

/**
 * Runs a step's compensation once at a time per run and step, and queues the recorded outcome on
 * the run's driver.
 */
export class Compensations {
  private readonly running = new Set<string>();

  constructor(private readonly logger: StepLogger) {}

  async run(driver: RunDriver, stepId: string): Promise<void> {
    const key = `${driver.runId}/${stepId}`;
    if (this.running.has(key)) return;
    this.running.add(key);
    try {
      driver.enqueue(
        recordCompensation(stepId, await runCompensation(driver, stepId, this.logger)),
      );
    } finally {
      this.running.delete(key);
    }
  }
}
