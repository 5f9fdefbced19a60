import { type JsonValue, parseWithSchema } from '@agenticflow/core';
import { cancelRun, resumeStep } from '../engine/intents.js';
import { toJsonOutput } from '../engine/json-output.js';
import { InvalidRunStateError } from '../errors.js';
import type { WorkflowRuntime } from '../runtime/workflow-runtime.js';
import { runStatus } from '../state/run-state.js';

/**
 * Delivers the payload a suspended wait step is waiting for. The payload is checked against the
 * step's schema first: a mismatch throws `VALIDATION_FAILED` with the issues and the run stays
 * suspended. Throws `INVALID_RUN_STATE` when the step is not suspended.
 */
export async function resumeWaitingStep(
  runtime: WorkflowRuntime,
  runId: string,
  stepId: string,
  payload: unknown,
): Promise<void> {
  const driver = await runtime.driverFor(runId);
  const step = driver.definition.stepById.get(stepId);
  if (step?.kind !== 'wait') {
    throw new InvalidRunStateError(
      `step ${stepId} of run ${runId} is not a waitFor step of workflow ${driver.definition.name}`,
      { runId, stepId },
    );
  }
  const checked = toJsonOutput(
    parseWithSchema(step.payload, payload, `resume payload of step ${stepId}`),
    `resume payload of step ${stepId}`,
  );
  let applied = false;
  await driver.enqueueAndWait(
    resumeStep(stepId, checked as JsonValue, (applies) => {
      applied = applies;
    }),
  );
  if (!applied) {
    const status = driver.state.steps.get(stepId)?.status ?? 'not reached';
    throw new InvalidRunStateError(
      `step ${stepId} of run ${runId} is ${status}, not suspended: nothing to resume (run is ${runStatus(driver.state)})`,
      {
        runId,
        stepId,
        status,
      },
    );
  }
}

/** Cancels a run: running steps see their signal abort, and nothing more is scheduled. */
export async function cancelWorkflowRun(
  runtime: WorkflowRuntime,
  runId: string,
  reason: string,
): Promise<void> {
  const driver = await runtime.driverFor(runId);
  await driver.enqueueAndWait(cancelRun(reason));
}
