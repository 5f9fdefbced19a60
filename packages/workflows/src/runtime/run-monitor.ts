import type { AgenticEvent, StoreSubscription } from '@agenticflow/core';
import { interruptStep } from '../engine/intents.js';
import type * as E from '../events/run-events.js';
import type { BusDispatcher } from './bus-dispatcher.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/** Options of {@link RunMonitor}. */
export interface RunMonitorOptions {
  /** A scheduled step not claimed after this long gets its task published again. @defaultValue 10000 */
  readonly dispatchTimeoutMs?: number;
  /** Slack after a lease or timer is due before another worker steps in. @defaultValue 1000 */
  readonly graceMs?: number;
}

interface Watch {
  readonly runId: string;
  readonly kind: 'task' | 'lease' | 'timer';
  readonly id: string;
  attempt: number;
  dueAt: number;
}

/**
 * Watches every run in the store, so that no run waits on a worker that is gone: a step task lost
 * on the bus is published again, a step whose worker stopped renewing its lease is taken over, and
 * a timer whose worker died is fired. It follows the store (the truth), not the bus.
 */
export class RunMonitor {
  private readonly watches = new Map<string, Watch>();
  private readonly byRun = new Map<string, Set<string>>();
  private subscription: StoreSubscription | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly dispatchTimeoutMs: number;
  private readonly graceMs: number;

  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly dispatcher: BusDispatcher,
    options: RunMonitorOptions = {},
  ) {
    this.dispatchTimeoutMs = options.dispatchTimeoutMs ?? 10_000;
    this.graceMs = options.graceMs ?? 1_000;
  }

  async start(): Promise<void> {
    this.subscription = this.runtime.store.subscribe({
      from: 'end',
      filter: { streamPrefix: 'run-' },
      handler: (event) => this.observe(event),
    });
    await this.subscription.caughtUp;
    this.timer = setInterval(
      () => void this.check(),
      Math.max(50, Math.min(this.dispatchTimeoutMs, this.runtime.leaseMs) / 2),
    );
    this.timer.unref();
  }

  private observe(event: AgenticEvent): void {
    const runId = event.streamId.slice(4);
    const data = event.data as { stepId?: string; attempt?: number };
    const now = this.runtime.clock.now();
    switch (event.type) {
      case 'step.scheduled':
        this.watch({
          runId,
          kind: 'task',
          id: data.stepId!,
          attempt: data.attempt!,
          dueAt: now + this.dispatchTimeoutMs,
        });
        break;
      case 'step.started':
      case 'step.heartbeat':
        this.unwatch(runId, 'task', data.stepId!);
        this.watch({
          runId,
          kind: 'lease',
          id: data.stepId!,
          attempt: data.attempt!,
          dueAt: (event.data as E.StepStartedData).leaseExpiresAt + this.graceMs,
        });
        break;
      case 'step.completed':
      case 'step.failed':
      case 'step.interrupted':
      case 'step.skipped':
        this.unwatch(runId, 'task', data.stepId!);
        this.unwatch(runId, 'lease', data.stepId!);
        break;
      case 'timer.scheduled': {
        const timer = event.data as E.TimerScheduledData;
        this.watch({
          runId,
          kind: 'timer',
          id: timer.timerId,
          attempt: 0,
          dueAt: timer.dueAt + this.graceMs,
        });
        break;
      }
      case 'timer.fired':
        this.unwatch(runId, 'timer', (event.data as E.TimerFiredData).timerId);
        break;
      case 'run.completed':
      case 'run.failed':
      case 'run.cancelled':
        for (const key of this.byRun.get(runId) ?? []) this.watches.delete(key);
        this.byRun.delete(runId);
        void this.runtime
          .observeRunEnded(runId)
          .catch((error: unknown) => this.runtime.reportError(error, runId));
        break;
    }
  }

  private checking = false;

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.checkDue();
    } finally {
      this.checking = false;
    }
  }

  private async checkDue(): Promise<void> {
    const now = this.runtime.clock.now();
    for (const [key, watch] of this.watches) {
      if (watch.dueAt > now) continue;
      this.watches.delete(key);
      this.byRun.get(watch.runId)?.delete(key);
      try {
        const driver = await this.runtime.driverFor(watch.runId);
        await driver.refreshed();
        const step = driver.state.steps.get(watch.id);
        if (watch.kind === 'task' && step?.status === 'scheduled') {
          this.dispatcher.publish(driver, watch.id, step.attempt, true);
          this.watch({ ...watch, attempt: step.attempt, dueAt: now + this.dispatchTimeoutMs });
        } else if (
          watch.kind === 'lease' &&
          step?.status === 'running' &&
          step.attempt === watch.attempt
        ) {
          driver.enqueue(interruptStep(watch.id, watch.attempt, 'lease-expired'));
        }
        // Timers are armed again by the reload.
      } catch (error) {
        this.runtime.reportError(error, watch.runId);
      }
    }
  }

  private watch(watch: Watch): void {
    const key = `${watch.runId}\u0000${watch.kind}\u0000${watch.id}`;
    this.watches.set(key, watch);
    const keys = this.byRun.get(watch.runId) ?? new Set<string>();
    this.byRun.set(watch.runId, keys);
    keys.add(key);
  }

  private unwatch(runId: string, kind: Watch['kind'], id: string): void {
    const key = `${runId}\u0000${kind}\u0000${id}`;
    this.watches.delete(key);
    this.byRun.get(runId)?.delete(key);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.close();
  }
}
