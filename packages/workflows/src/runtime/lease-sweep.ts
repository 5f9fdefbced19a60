import { interruptStep, renewLease } from '../engine/intents.js';
import type { RunDriver } from '../engine/run-driver.js';

/**
 * One pass over the runs a worker drives: renews the leases of the steps it runs when they are
 * half spent, and interrupts steps whose worker let the lease lapse (they are scheduled again).
 */
export function sweepLeases(
  drivers: Iterable<RunDriver>,
  workerId: string,
  leaseMs: number,
  now: number,
): void {
  for (const driver of drivers) {
    for (const step of driver.state.steps.values()) {
      if (step.status !== 'running' || step.leaseExpiresAt === undefined) continue;
      if (step.workerId === workerId && driver.executions.has(step.id)) {
        if (step.leaseExpiresAt - now < leaseMs / 2)
          driver.enqueue(renewLease(step.id, step.attempt, workerId, now + leaseMs));
      } else if (step.leaseExpiresAt <= now) {
        driver.enqueue(interruptStep(step.id, step.attempt, 'lease-expired'));
      }
    }
  }
}
