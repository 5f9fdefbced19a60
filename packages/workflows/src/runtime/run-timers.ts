import type { Clock } from '@agenticflow/core';
import { fireTimer } from '../engine/intents.js';
import type { RunDriver } from '../engine/run-driver.js';

/**
 * Arms the durable timers of the runs this worker drives. A timer is an event with a due time in
 * the run's stream, so a restarted worker arms it again from the log; firing appends `timer.fired`
 * with the run's expected version, so a timer fires once however many workers race for it.
 */
export class RunTimers {
  private readonly armed = new Map<string, AbortController>();

  constructor(private readonly clock: Clock) {}

  arm(driver: RunDriver, timerId: string, dueAt: number): void {
    const key = `${driver.runId}\u0000${timerId}`;
    if (this.armed.has(key)) return;
    const delay = dueAt - this.clock.now();
    if (delay <= 0) {
      driver.enqueue(fireTimer(timerId));
      return;
    }
    const controller = new AbortController();
    this.armed.set(key, controller);
    this.clock.sleep(delay, controller.signal).then(
      () => {
        this.armed.delete(key);
        driver.enqueue(fireTimer(timerId));
      },
      () => this.armed.delete(key),
    );
  }

  /** Arms every timer of the run that has not fired. */
  armAll(driver: RunDriver): void {
    for (const timer of driver.state.timers.values())
      if (!timer.fired) this.arm(driver, timer.timerId, timer.dueAt);
  }

  clearRun(runId: string): void {
    const prefix = `${runId}\u0000`;
    for (const [key, controller] of this.armed) {
      if (key.startsWith(prefix)) {
        controller.abort();
        this.armed.delete(key);
      }
    }
  }

  clearAll(): void {
    for (const controller of this.armed.values()) controller.abort();
    this.armed.clear();
  }
}
