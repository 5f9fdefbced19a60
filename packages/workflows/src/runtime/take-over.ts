import { interruptStep } from '../engine/intents.js';
import type { RunDriver } from '../engine/run-driver.js';

/**
 * Interrupts the run's running steps now, without waiting for their leases: their worker is gone.
 * Attempts recorded under `workerId` (the taking worker's own) are left alone: they include the
 * attempts it has just started on the run (the state shows them before they are executing), and
 * telling those from a dead process's attempts under a reused id is what the lease is for.
 */
export async function takeOverRun(driver: RunDriver, workerId: string): Promise<void> {
  await driver.refreshed();
  for (const step of driver.state.steps.values()) {
    if (step.status === 'running' && step.workerId !== workerId)
      driver.enqueue(interruptStep(step.id, step.attempt, 'taken-over'));
  }
}
