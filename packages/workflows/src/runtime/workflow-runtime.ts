import {
  type Clock,
  ClosedError,
  createUuidV7Generator,
  type EventStore,
  type IdGenerator,
  type JsonValue,
  type NewEvent,
  NotFoundError,
  parseWithSchema,
  serializeError,
} from '@agenticflow/core';
import type { AnyWorkflowDefinition, ChildStepDefinition } from '../definition/step-definition.js';
import type { Lease, RunVerdict } from '../engine/decide.js';
import { settleChild } from '../engine/intents.js';
import { toJsonOutput } from '../engine/json-output.js';
import { type DriverHost, RunDriver } from '../engine/run-driver.js';
import type { StepLogger } from '../engine/step-context.js';
import { Execution, executeStep } from '../engine/step-executor.js';
import { stepSource } from '../engine/step-source.js';
import type * as E from '../events/run-events.js';
import { loadRunState } from '../state/load-run-state.js';
import { emptyRunState, isTerminal } from '../state/run-state.js';
import { Capacity } from './capacity.js';
import { cancelChildRuns } from './child-runs.js';
import { Compensations } from './compensation.js';
import { deterministicUuid } from './deterministic-id.js';
import { findUnfinishedRuns } from './find-unfinished-runs.js';
import { sweepLeases } from './lease-sweep.js';
import { RunResults, runOutcome } from './run-results.js';
import { RunSpans } from './run-spans.js';
import { RunTimers } from './run-timers.js';
import { resolveRuntimeOptions, type WorkflowRuntimeOptions } from './runtime-options.js';
import { type StartRunOptions, startRunIntent } from './start-run-intent.js';
import { LocalDispatcher, type StepDispatcher } from './step-dispatcher.js';
import { takeOverRun } from './take-over.js';
import { WorkflowRegistry } from './workflow-registry.js';

export type { WorkflowRuntimeOptions } from './runtime-options.js';

/** Drives runs in this process: the machinery behind `createWorkflowEngine` and `createWorker`. */
export class WorkflowRuntime implements DriverHost {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly workerId: string;
  readonly leaseMs: number;
  readonly capacity: Capacity;
  readonly registry: WorkflowRegistry;
  readonly drivers = new Map<string, RunDriver>();
  private readonly loading = new Map<string, Promise<RunDriver>>();
  private readonly timers: RunTimers;
  private readonly results = new RunResults();
  private readonly runSpans = new RunSpans();
  /** Claims whose capacity was reserved before the claim was appended (bus tasks). */
  private readonly expectedClaims = new Set<string>();
  private readonly logger: StepLogger;
  private readonly compensations: Compensations;
  private readonly onError: NonNullable<WorkflowRuntimeOptions['onError']>;
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  /** Set when a closing worker's grace period is over: it runs no more step attempts. */
  private stopping = false;

  constructor(
    options: WorkflowRuntimeOptions,
    readonly dispatcher: StepDispatcher = new LocalDispatcher(),
  ) {
    const resolved = resolveRuntimeOptions(options);
    this.store = options.store;
    this.clock = resolved.clock;
    this.newId = createUuidV7Generator(this.clock);
    this.workerId = resolved.workerId;
    this.leaseMs = resolved.leaseMs;
    this.capacity = new Capacity(resolved.concurrency);
    this.registry = new WorkflowRegistry(options.workflows);
    this.timers = new RunTimers(this.clock);
    this.logger = resolved.logger;
    this.compensations = new Compensations(this.logger);
    this.onError = resolved.onError;
  }

  async start(): Promise<void> {
    await this.dispatcher.start(this);
    this.sweeper = setInterval(
      () => this.sweepLeases(),
      Math.max(20, Math.min(this.leaseMs / 3, 5_000)),
    );
    this.sweeper.unref();
  }

  // ---- DriverHost ----

  claim(driver: RunDriver, _stepId: string, now: number): Lease | undefined {
    if (this.closed || !this.dispatcher.claimsLocally) return undefined;
    if (!this.capacity.tryReserve()) {
      this.capacity.waitForRoom(driver.wake);
      return undefined;
    }
    return this.lease(now);
  }

  /** A fresh lease for this worker. */
  lease(now = this.clock.now()): Lease {
    return { workerId: this.workerId, leaseExpiresAt: now + this.leaseMs };
  }

  /** Notes that a claim of `stepId` comes with capacity already reserved; returns its key. */
  expectClaim(runId: string, stepId: string): string {
    const key = `${runId}/${stepId}`;
    this.expectedClaims.add(key);
    return key;
  }

  /** Forgets an expected claim; true when no execution consumed it (so its capacity is unused). */
  dropClaim(key: string): boolean {
    return this.expectedClaims.delete(key);
  }

  reportError(error: unknown, runId?: string): void {
    this.onError(error, runId === undefined ? {} : { runId });
  }

  releaseClaims(_driver: RunDriver, count: number): void {
    if (count > 0) this.capacity.release(count);
  }

  childRunId(driver: RunDriver, stepId: string): string {
    return deterministicUuid(`${driver.runId}/${stepId}`);
  }

  committed(
    driver: RunDriver,
    events: readonly NewEvent[],
    verdict: RunVerdict,
    now: number,
  ): void {
    // A closing worker runs the steps it claimed until its grace period ends, and hands newly
    // scheduled steps on, but arms no timer and starts no child or compensation: the next
    // worker picks the run up from the log.
    for (const event of events) {
      switch (event.type) {
        case 'step.started': {
          const data = event.data as E.StepStartedData;
          if (data.workerId === this.workerId && !this.stopping)
            this.execute(driver, data.stepId, data.attempt, now);
          break;
        }
        case 'step.scheduled': {
          const data = event.data as E.StepScheduledData;
          this.dispatcher.scheduled(driver, data.stepId, data.attempt);
          break;
        }
        case 'step.interrupted':
          driver.executions
            .get((event.data as E.StepInterruptedData).stepId)
            ?.abort(new ClosedError('the step attempt was taken over'));
          break;
        case 'timer.scheduled': {
          const data = event.data as E.TimerScheduledData;
          if (!this.closed) this.timers.arm(driver, data.timerId, data.dueAt);
          break;
        }
        case 'child.started': {
          const data = event.data as E.ChildStartedData;
          if (!this.closed) void this.startChild(driver, data.stepId, data.childRunId);
          break;
        }
        case 'run.completed':
        case 'run.failed':
        case 'run.cancelled':
          this.finishRun(driver);
          break;
      }
    }
    if (verdict.compensate && !this.closed) void this.compensations.run(driver, verdict.compensate);
  }

  flushFailed(driver: RunDriver, error: unknown): void {
    this.onError(error, { runId: driver.runId });
  }

  loaded(driver: RunDriver): void {
    if (isTerminal(driver.state)) {
      this.finishRun(driver);
      return;
    }
    if (this.closed) return;
    this.timers.armAll(driver);
    for (const step of driver.state.steps.values()) {
      if (step.status === 'waiting' && step.childRunId)
        void this.startChild(driver, step.id, step.childRunId);
    }
  }

  // ---- runs ----

  /** Starts a run (or returns the existing run with that id). Resolves once `run.started` is stored. */
  async startRun(
    definition: AnyWorkflowDefinition,
    input: unknown,
    options: StartRunOptions = {},
  ): Promise<string> {
    this.assertOpen();
    this.registry.register(definition);
    const checked = definition.inputSchema
      ? parseWithSchema(definition.inputSchema, input, `input of workflow ${definition.name}`)
      : input;
    const json = toJsonOutput(
      checked,
      `input of workflow ${definition.name}`,
      Math.max(1_024, this.store.capabilities.maxEventBytes - 4_096),
    );
    const runId = options.runId ?? this.newId();
    const existing = this.drivers.get(runId);
    if (existing) return runId;
    const driver = new RunDriver(definition, emptyRunState(runId), this);
    this.drivers.set(runId, driver);
    await this.runSpans.around(definition, driver, options.traceparent, (traceparent) =>
      driver.enqueueAndWait(
        startRunIntent(definition, json, traceparent ? { ...options, traceparent } : options),
      ),
    );
    if (driver.state.workflow !== definition.name) {
      throw new NotFoundError(
        `run ${runId} exists but runs workflow ${driver.state.workflow}, not ${definition.name}`,
      );
    }
    return runId;
  }

  /** The driver of a run, loading it from the store (and resuming it) when this worker has none. */
  driverFor(runId: string): Promise<RunDriver> {
    const existing = this.drivers.get(runId);
    if (existing) return Promise.resolve(existing);
    let loading = this.loading.get(runId);
    if (!loading) {
      loading = this.load(runId).finally(() => this.loading.delete(runId));
      this.loading.set(runId, loading);
    }
    return loading;
  }

  private async load(runId: string): Promise<RunDriver> {
    const state = await loadRunState(this.store, runId);
    if (state.version === 0)
      throw new NotFoundError(`run ${runId} does not exist: check the id, or start it first`);
    const definition = this.registry.get(state.workflow, state.workflowVersion);
    const driver = new RunDriver(definition, state, this);
    // A run that has ended is only read: what its end calls for (settle the parent, cancel the
    // children) was done when it ended, and doing it on every read would loop parent <-> child.
    if (isTerminal(state)) return driver;
    this.drivers.set(runId, driver);
    this.loaded(driver);
    this.dispatcher.loaded?.(driver);
    driver.reconsider();
    return driver;
  }

  /** Resolves with the run's output when it completes; rejects with `RUN_FAILED` or `RUN_CANCELLED`. */
  async result(runId: string): Promise<JsonValue> {
    const driver = this.drivers.get(runId) ?? (await this.driverFor(runId));
    if (isTerminal(driver.state)) {
      const outcome = runOutcome(driver.state);
      if ('output' in outcome) return outcome.output;
      throw outcome.error;
    }
    return this.results.wait(runId);
  }

  private execute(driver: RunDriver, stepId: string, attempt: number, startedAt: number): void {
    if (this.expectedClaims.size > 0) this.expectedClaims.delete(`${driver.runId}/${stepId}`);
    const current = driver.executions.get(stepId);
    if (current !== undefined) {
      if (current.attempt >= attempt) {
        this.capacity.release();
        return;
      }
      // An older attempt still running here was interrupted (by another worker, or by its lease):
      // its outcome no longer counts, and it must not keep the new attempt from running.
      current.abort(new ClosedError(`attempt ${attempt} of step ${stepId} has started`));
    }
    const execution = new Execution(driver, stepId, attempt);
    driver.executions.set(stepId, execution);
    void executeStep(execution, this.clock, startedAt, this.logger).finally(() => {
      if (driver.executions.get(stepId) === execution) driver.executions.delete(stepId);
      this.capacity.release();
    });
  }

  /** Another worker ended the run: catch up with the store, which settles waiters and children. */
  async observeRunEnded(runId: string): Promise<void> {
    const driver = this.drivers.get(runId);
    if (driver && !isTerminal(driver.state)) await driver.refreshed();
  }

  private finishRun(driver: RunDriver): void {
    if (driver.executions.size > 0) {
      const reason = new ClosedError(`run ${driver.runId} has ended (${driver.state.status})`);
      for (const execution of driver.executions.values()) execution.abort(reason);
    }
    this.timers.clearRun(driver.runId);
    this.drivers.delete(driver.runId);
    this.runSpans.ended(driver);
    this.results.settle(driver.state);
    const parent = driver.state.parent;
    if (parent && !this.closed) {
      const outcome = runOutcome(driver.state);
      const settle =
        'output' in outcome ? { output: outcome.output } : { error: serializeError(outcome.error) };
      this.driverFor(parent.runId).then(
        (parentDriver) => parentDriver.enqueue(settleChild(parent.stepId, driver.runId, settle)),
        (error: unknown) => this.onError(error, { runId: parent.runId }),
      );
    }
    if (!this.closed) cancelChildRuns(driver, (runId) => this.driverFor(runId), this.onError);
  }

  private async startChild(driver: RunDriver, stepId: string, childRunId: string): Promise<void> {
    const step = driver.definition.stepById.get(stepId) as ChildStepDefinition;
    try {
      const input = step.input(stepSource(step, driver.state));
      await this.startRun(step.workflow, input, {
        runId: childRunId,
        parent: { runId: driver.runId, stepId },
        ...(driver.state.traceparent === undefined
          ? {}
          : { traceparent: driver.state.traceparent }),
      });
      if (!this.drivers.has(childRunId)) await this.driverFor(childRunId);
    } catch (error) {
      driver.enqueue(settleChild(stepId, childRunId, { error: serializeError(error) }));
    }
  }

  /** Renews leases of steps this worker runs and interrupts steps whose worker let the lease lapse. */
  sweepLeases(): void {
    sweepLeases(this.drivers.values(), this.workerId, this.leaseMs, this.clock.now());
  }

  /** Interrupts the run's running steps of other workers now (see {@link takeOverRun}). */
  async takeOver(runId: string): Promise<void> {
    await takeOverRun(await this.driverFor(runId), this.workerId);
  }

  /**
   * Resumes every unfinished run of a registered workflow: timers are armed again, scheduled steps
   * claimed, and steps whose worker died are taken over once their lease lapses. Returns their ids.
   */
  async recover(): Promise<string[]> {
    this.assertOpen();
    const resumed: string[] = [];
    for (const run of await findUnfinishedRuns(this.store)) {
      if (!this.registry.has(run.workflow, run.workflowVersion)) continue;
      try {
        await this.driverFor(run.runId);
        resumed.push(run.runId);
      } catch (error) {
        this.onError(error, { runId: run.runId });
      }
    }
    return resumed;
  }

  /**
   * Stops taking new steps, lets running attempts finish for up to `graceMs`, then aborts the rest
   * and stops. Unfinished runs stay in the store for the next worker.
   */
  async close(graceMs = 10_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    await this.dispatcher.close();
    const running = () =>
      [...this.drivers.values()].flatMap((driver) => [...driver.executions.values()]);
    const deadline = Date.now() + graceMs;
    while (running().length > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    this.stopping = true;
    for (const execution of running()) execution.abort(new ClosedError('the workflow worker'));
    await Promise.all([...this.drivers.values()].map((driver) => driver.stop()));
    this.timers.clearAll();
    this.runSpans.endAll();
    this.results.rejectAll(new ClosedError('the workflow worker'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  assertOpen(): void {
    if (this.closed) throw new ClosedError('the workflow worker');
  }
}
