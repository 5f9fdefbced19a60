import type { RunDriver } from '../engine/run-driver.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/**
 * How scheduled steps reach a worker. The local dispatcher runs them in this process; the bus
 * dispatcher hands them to a bus group so any worker may take them.
 */
export interface StepDispatcher {
  /** Whether the deciding worker may claim and run ready steps itself, without a message. */
  readonly claimsLocally: boolean;
  /** A step was scheduled without being claimed here. */
  scheduled(driver: RunDriver, stepId: string, attempt: number): void;
  /** A run was (re)loaded from the store: hand out its scheduled steps again if needed. */
  loaded?(driver: RunDriver): void;
  start(runtime: WorkflowRuntime): Promise<void>;
  close(): Promise<void>;
}

/** Runs every step in this process; steps wait in line when the concurrency limit is reached. */
export class LocalDispatcher implements StepDispatcher {
  readonly claimsLocally = true;
  private runtime: WorkflowRuntime | undefined;

  async start(runtime: WorkflowRuntime): Promise<void> {
    this.runtime = runtime;
  }

  scheduled(driver: RunDriver): void {
    this.runtime?.capacity.waitForRoom(driver.wake);
  }

  async close(): Promise<void> {}
}

/**
 * Runs nothing and hands nothing out: for a client that only starts, resumes and cancels runs in
 * a store that engines watch. Scheduled steps wait in the store for a watching engine.
 */
export class PassiveDispatcher implements StepDispatcher {
  readonly claimsLocally = false;

  scheduled(): void {}

  async start(): Promise<void> {}

  async close(): Promise<void> {}
}
