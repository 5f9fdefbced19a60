import { cancelRun } from '../engine/intents.js';
import type { RunDriver } from '../engine/run-driver.js';

/** Cancels the child runs still going when their parent ended (failed, cancelled). */
export function cancelChildRuns(
  driver: RunDriver,
  driverFor: (runId: string) => Promise<RunDriver>,
  onError: (error: unknown, context: { runId: string }) => void,
): void {
  for (const step of driver.state.steps.values()) {
    if (step.status !== 'waiting' || step.childRunId === undefined) continue;
    const childRunId = step.childRunId;
    const reason = `parent run ${driver.runId} ${driver.state.status}`;
    driverFor(childRunId).then(
      (child) => child.enqueue(cancelRun(reason)),
      (error: unknown) => onError(error, { runId: childRunId }),
    );
  }
}
