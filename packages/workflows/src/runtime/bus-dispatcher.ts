import {
  type BusSubscription,
  ClosedError,
  type EventBus,
  type JsonValue,
  ValidationError,
} from '@agenticflow/core';
import { claimStep } from '../engine/intents.js';
import type { RunDriver } from '../engine/run-driver.js';
import type { StepDispatcher } from './step-dispatcher.js';
import type { WorkflowRuntime } from './workflow-runtime.js';

/** A step task as it travels on the bus. */
export interface StepTask {
  readonly runId: string;
  readonly stepId: string;
  readonly attempt: number;
}

/** Options of {@link BusDispatcher}. */
export interface BusDispatcherOptions {
  readonly bus: EventBus;
  /**
   * The bus group the workers share; each step task goes to one member.
   * @defaultValue 'agenticflow-workflows'
   */
  readonly group?: string;
  /** @defaultValue 'workflows' */
  readonly topicPrefix?: string;
  /** Take step tasks from the group. A client that only starts and watches runs sets false. @defaultValue true */
  readonly consume?: boolean;
}

/**
 * Hands scheduled steps to a bus group so any worker can run them. A worker that receives a task
 * claims the step by appending `step.started` (with its lease) at the run's current version; if
 * the step was claimed, finished or rescheduled meanwhile, the claim does not apply and the task is
 * dropped. The message is acknowledged once the claim is stored: from then on the lease, not the
 * bus, protects the step.
 */
export class BusDispatcher implements StepDispatcher {
  readonly claimsLocally = false;
  private runtime: WorkflowRuntime | undefined;
  private readonly subscriptions: BusSubscription[] = [];
  private readonly group: string;
  private readonly prefix: string;
  /** Counts retried publishes, so that each gets an id of its own. */
  private retries = 0;

  constructor(private readonly options: BusDispatcherOptions) {
    this.group = options.group ?? 'agenticflow-workflows';
    this.prefix = options.topicPrefix ?? 'workflows';
  }

  topicFor(workflow: string): string {
    return `${this.prefix}.step.${workflow}`;
  }

  async start(runtime: WorkflowRuntime): Promise<void> {
    this.runtime = runtime;
    if (this.options.consume === false) return;
    for (const name of runtime.registry.names()) {
      const subscription = await this.options.bus.subscribe(
        this.topicFor(name),
        (message) => this.take(message.payload),
        {
          group: this.group,
          concurrency: Math.max(1, Math.min(runtime.capacity.limit, 64)),
          ackTimeoutMs: 60_000,
        },
      );
      this.subscriptions.push(subscription);
    }
  }

  scheduled(driver: RunDriver, stepId: string, attempt: number): void {
    this.publish(driver, stepId, attempt);
  }

  /** After a load, steps still waiting for a worker get their task again (it may have been lost). */
  loaded(driver: RunDriver): void {
    for (const step of driver.state.steps.values())
      if (step.status === 'scheduled') this.publish(driver, step.id, step.attempt);
  }

  /**
   * (Re)publishes the task of a scheduled step. The first publish has the task's own id, so that
   * repeats from several schedulers drop where the bus dedupes; a `retry` (the task went unclaimed
   * for `dispatchTimeoutMs`) has a new id: the first message may be held by a member that died, and
   * a bus that dedupes (NATS, for two minutes) would drop a copy with the same id.
   */
  publish(driver: RunDriver, stepId: string, attempt: number, retry = false): void {
    const task: StepTask = { runId: driver.runId, stepId, attempt };
    const traceparent = driver.state.traceparent;
    const id = `${driver.runId}.${stepId}.${attempt}`;
    this.options.bus
      .publish(this.topicFor(driver.definition.name), {
        id: retry ? `${id}.retry-${++this.retries}` : id,
        payload: task as unknown as JsonValue,
        // The run's trace, whichever worker or context schedules the step.
        ...(traceparent === undefined ? {} : { headers: { traceparent } }),
      })
      .catch((error: unknown) => this.runtime?.reportError(error, driver.runId));
  }

  private async take(payload: JsonValue): Promise<void> {
    const runtime = this.runtime!;
    const task = parseTask(payload);
    await runtime.capacity.acquire();
    if (runtime.isClosed) {
      // Closing: leave the task to the bus, which hands it to another member of the group.
      runtime.capacity.release();
      throw new ClosedError('the workflow worker');
    }
    const claim = runtime.expectClaim(task.runId, task.stepId);
    try {
      const driver = await runtime.driverFor(task.runId);
      const known = driver.state.steps.get(task.stepId);
      // A task newer than what this worker has seen of the run: read the run again first.
      if (!known || known.attempt < task.attempt || known.status !== 'scheduled') driver.refresh();
      await driver.enqueueAndWait(claimStep(task.stepId, task.attempt, runtime.lease()));
    } finally {
      // Starting the execution consumes the reservation; a claim that did not apply gives it back.
      if (runtime.dropClaim(claim)) runtime.capacity.release();
    }
  }

  async close(): Promise<void> {
    await Promise.all(
      this.subscriptions.splice(0).map((subscription) => subscription.unsubscribe()),
    );
  }
}

function parseTask(payload: JsonValue): StepTask {
  const task = payload as Partial<StepTask> | null;
  if (
    typeof task?.runId !== 'string' ||
    typeof task.stepId !== 'string' ||
    !Number.isInteger(task.attempt)
  ) {
    throw new ValidationError('invalid step task', [
      { path: [], message: `expected { runId, stepId, attempt }, got ${JSON.stringify(payload)}` },
    ]);
  }
  return task as StepTask;
}
