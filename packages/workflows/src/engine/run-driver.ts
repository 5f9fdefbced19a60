import {
  type Clock,
  ClosedError,
  type EventStore,
  hasErrorCode,
  type IdGenerator,
  isoFromEpochMs,
  isRetryableError,
  type NewEvent,
  otelApi,
} from '@agenticflow/core';
import type { WorkflowDefinition } from '../definition/step-definition.js';
import { runStreamId } from '../events/run-events.js';
import { applyRunEvent } from '../state/apply-run-event.js';
import { loadRunState } from '../state/load-run-state.js';
import type { RunState } from '../state/run-state.js';
import {
  type DecideContext,
  decide,
  type Lease,
  type RunFacts,
  type RunVerdict,
} from './decide.js';
import { EventSink } from './event-sink.js';
import type { Intent } from './intents.js';
import type { Execution } from './step-executor.js';
import { runContext } from './workflow-spans.js';

/** What a {@link RunDriver} needs from the worker that owns it. */
export interface DriverHost {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  /** Reserves capacity and returns a lease to start the step here, or undefined. */
  claim(driver: RunDriver, stepId: string, now: number): Lease | undefined;
  /** Gives back reservations of a flush whose append failed. */
  releaseClaims(driver: RunDriver, count: number): void;
  childRunId(driver: RunDriver, stepId: string): string;
  /** The events are stored (possibly none): start steps, arm timers, settle waiters. */
  committed(driver: RunDriver, events: readonly NewEvent[], verdict: RunVerdict, now: number): void;
  /** A flush failed for good; the intents are dropped and the run is left to be resumed. */
  flushFailed(driver: RunDriver, error: unknown): void;
  /** The state was rebuilt from the store: re-arm timers, check children and the end of the run. */
  loaded(driver: RunDriver): void;
}

const MAX_ATTEMPTS = 8;
/** What `commit` returns when the store refused a batch of several intents as invalid. */
const REFUSED_BATCH = Symbol('refused batch');

type MutableDecideContext = { -readonly [K in keyof DecideContext]: DecideContext[K] };

interface PendingIntent {
  readonly intent: Intent;
  readonly waiter?: { resolve(): void; reject(error: unknown): void };
}

function isRefusedBatch(error: unknown): boolean {
  return hasErrorCode(error, 'VALIDATION_FAILED') || hasErrorCode(error, 'PAYLOAD_TOO_LARGE');
}

/**
 * The single writer of one run in this process. Intents queue up and are flushed together in one
 * append (one round trip, one commit) with `expectedVersion` = the version the decisions were made
 * on; the store is the lock. On a conflict the driver reloads the run from the store and evaluates
 * the same intents again, so concurrent workers converge without coordination.
 */
export class RunDriver {
  readonly streamId: string;
  /** Step attempts this worker runs for the run, by step id. */
  readonly executions = new Map<string, Execution>();
  /** A stable callback that makes the driver re-examine every step (for capacity waiting lines). */
  readonly wake = (): void => this.reconsider();
  facts: RunFacts = { settled: new Set() };
  private pending: PendingIntent[] = [];
  private flushing = false;
  private decideAll: boolean;
  private stopped = false;
  private needsReload = false;
  /** A commit was refused and the reload after it failed: the state may hold unstored events. */
  private maybeAhead = false;
  /** Claims made by the decisions of the commit under way (given back if its append fails). */
  private claims = 0;
  /** The run's trace context its step spans start under, cached (tracing on). */
  traceParent: { readonly traceparent: string | undefined; readonly context: unknown } | undefined;
  /** Reused by every commit, so deciding allocates no closures. */
  private readonly decideContext: MutableDecideContext;
  /** The flush under way (or the last one), so `stop` can wait for it. */
  private idle: Promise<void> = Promise.resolve();

  constructor(
    readonly definition: WorkflowDefinition,
    public state: RunState,
    private readonly host: DriverHost,
  ) {
    this.streamId = runStreamId(state.runId);
    this.decideContext = {
      definition,
      sink: undefined as unknown as EventSink,
      facts: this.facts,
      now: 0,
      maxPayloadBytes: Math.max(1_024, host.store.capabilities.maxEventBytes - 4_096),
      claim: (stepId) => {
        const lease = this.host.claim(this, stepId, this.decideContext.now);
        if (lease) this.claims++;
        return lease;
      },
      childRunId: (stepId) => this.host.childRunId(this, stepId),
    };
    // The first decisions on a run (new or loaded) look at every step; later ones only at changes.
    this.decideAll = true;
  }

  get runId(): string {
    return this.state.runId;
  }

  /**
   * The largest output, payload or custom event this run can record: the store's event limit less
   * room for the envelope fields around it.
   */
  get maxPayloadBytes(): number {
    return Math.max(1_024, this.host.store.capabilities.maxEventBytes - 4_096);
  }

  /** Queues an intent; it is flushed with whatever else is queued in the same tick. */
  enqueue(intent: Intent): void {
    if (this.stopped) return;
    this.pending.push({ intent });
    this.schedule();
  }

  /** Queues an intent and resolves once it has been flushed (stored, or found not to apply). */
  enqueueAndWait(intent: Intent): Promise<void> {
    if (this.stopped) return Promise.reject(new ClosedError('the workflow worker'));
    return new Promise((resolve, reject) => {
      this.pending.push({ intent, waiter: { resolve, reject } });
      this.schedule();
    });
  }

  /** Re-examines every step on the next flush (after a reload or when capacity frees up). */
  reconsider(): void {
    this.decideAll = true;
    this.schedule();
  }

  /**
   * Someone else wrote to the run: read it again before the next decision. The reload happens
   * inside the flush loop, never beside a commit: a read that raced a commit could otherwise put
   * back an older state, and intents evaluated on it would wrongly find nothing to do.
   */
  refresh(): void {
    this.needsReload = true;
    this.decideAll = true;
    this.schedule();
  }

  /** {@link RunDriver.refresh}, resolving once the run has been read again. */
  refreshed(): Promise<void> {
    this.refresh();
    return this.enqueueAndWait(() => {});
  }

  /**
   * Stops the driver (its worker is closing): intents queued from now on are dropped, so an
   * aborted attempt's late outcome is not recorded and its lease lapses for another worker to
   * take over. Resolves once the flush under way, holding what finished before, is stored.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle.catch(() => {});
  }

  private schedule(): void {
    if (this.flushing || this.stopped) return;
    this.flushing = true;
    queueMicrotask(this.startFlush);
  }

  private readonly startFlush = (): void => {
    this.idle = this.flush();
  };

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0 || (this.decideAll && !this.stopped)) {
        if (this.needsReload) {
          this.needsReload = false;
          await this.catchUpQuietly();
        }
        const entries = this.pending;
        this.pending = [];
        await this.commitEntries(entries);
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Commits queued intents and settles their waiters. If the store refuses the batch as invalid,
   * the intents are committed one by one, so one bad change cannot take the others down.
   */
  private async commitEntries(entries: readonly PendingIntent[]): Promise<void> {
    const outcome = await this.commit(entries);
    if (outcome !== REFUSED_BATCH) {
      for (const { waiter } of entries)
        if (waiter) outcome === undefined ? waiter.resolve() : waiter.reject(outcome);
      return;
    }
    for (const entry of entries) await this.commitEntries([entry]);
  }

  /** Appends the intents and decisions; returns the error when it gave up. */
  private async commit(entries: readonly PendingIntent[]): Promise<unknown | typeof REFUSED_BATCH> {
    for (let attempt = 1; ; attempt++) {
      const all = this.decideAll;
      this.decideAll = false;
      const base = this.state.version;
      const now = this.host.clock.now();
      const sink = new EventSink(this.state, isoFromEpochMs(now));
      const context = this.decideContext;
      context.sink = sink;
      context.facts = this.facts;
      context.now = now;
      this.claims = 0;
      let verdict: RunVerdict;
      try {
        for (let index = 0; index < entries.length; index++) entries[index]!.intent(sink, now);
        verdict = decide(context, all);
        if (sink.events.length > 0) {
          const otel = otelApi();
          await (otel === undefined || this.state.traceparent === undefined
            ? this.host.store.append(this.streamId, sink.events, { expectedVersion: base })
            : // The run's writes belong to its trace, whatever context the commit runs in.
              otel.context.with(runContext(otel, this), () =>
                this.host.store.append(this.streamId, sink.events, { expectedVersion: base }),
              ));
        }
      } catch (error) {
        this.host.releaseClaims(this, this.claims);
        const conflict = hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT');
        if (entries.length > 1 && isRefusedBatch(error)) {
          await this.reloadQuietly();
          return REFUSED_BATCH;
        }
        if (attempt >= MAX_ATTEMPTS || !(conflict || isRetryableError(error))) {
          await this.reloadQuietly();
          this.host.flushFailed(this, error);
          return error;
        }
        if (!conflict) await this.host.clock.sleep(Math.min(2_000, 25 * 2 ** attempt));
        await this.reloadQuietly();
        continue;
      }
      this.host.committed(this, sink.events, verdict, now);
      return undefined;
    }
  }

  /** Rebuilds the state from the store; only ever called inside the flush loop. */
  private async reload(): Promise<void> {
    this.state = await loadRunState(this.host.store, this.runId);
    this.facts = { settled: new Set() };
    this.decideAll = true;
    this.host.loaded(this);
  }

  private async reloadQuietly(): Promise<void> {
    try {
      await this.reload();
      this.maybeAhead = false;
    } catch {
      // The store is unreachable: keep the (possibly ahead) state; the next flush reloads again.
      this.maybeAhead = true;
      this.decideAll = true;
    }
  }

  /**
   * Folds only the events appended since the state's version: what a reload gives, at the cost
   * of the new events. Other writers append tool and agent events to busy runs, and reading the
   * whole run again for each of them made a run slower the longer it got. Between commits the
   * state holds stored events only, unless a reload failed after a refused commit: then it reads
   * the whole run.
   */
  private async catchUpQuietly(): Promise<void> {
    if (this.maybeAhead) return this.reloadQuietly();
    try {
      for await (const event of this.host.store.readStream(this.streamId, {
        fromVersion: this.state.version + 1,
      }))
        applyRunEvent(this.state, event);
    } catch {
      // Part of the new events may be folded: they are stored ones, so the state is still true,
      // only behind; the next commit meets a conflict and reloads.
    }
    this.facts = { settled: new Set() };
    this.decideAll = true;
    this.host.loaded(this);
  }
}
