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
    driver.maxPayloadBytes,
  );
  let applied = false;
  // A request from outside acts on the run as stored now, not on this process's last view of it.
  driver.refresh();
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

/**
 * Cancels a run: running steps see their signal abort, and nothing more is scheduled. Cancelling a
 * cancelled run does nothing; cancelling one that completed or failed throws `INVALID_RUN_STATE`.
 */
export async function cancelWorkflowRun(
  runtime: WorkflowRuntime,
  runId: string,
  reason: string,
): Promise<void> {
  const driver = await runtime.driverFor(runId);
  driver.refresh();
  await driver.enqueueAndWait(cancelRun(reason));
  const status = driver.state.status;
  if (status === 'completed' || status === 'failed') {
    throw new InvalidRunStateError(
      `run ${runId} has already ${status}: there is nothing to cancel`,
      {
        runId,
        status,
      },
    );
  }
}
