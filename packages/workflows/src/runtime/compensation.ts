import { type SerializedError, serializeError } from '@agenticflow/core';
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
