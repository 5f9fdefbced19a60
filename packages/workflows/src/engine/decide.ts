import { type JsonValue, serializeError } from '@agenticflow/core';
import type { StepDefinition, WorkflowDefinition } from '../definition/step-definition.js';
import { mapItemId, parseMapItemId, type RunState, type StepState } from '../state/run-state.js';
import type { EventSink } from './event-sink.js';
import { toJsonOutput } from './json-output.js';
import { stepOutputs, stepSource } from './step-source.js';

/** A claim on a step for execution by this worker. */
export interface Lease {
  readonly workerId: string;
  readonly leaseExpiresAt: number;
}

/** Facts about a run that decisions need and that are costly to recompute from scratch. */
export interface RunFacts {
  /** Top-level steps that are settled: completed, skipped, or failed with `onFailure: 'continue'`. */
  readonly settled: Set<string>;
  /** The first step that failed for good with `onFailure` `fail` or `compensate`. */
  fatalStepId?: string;
}

/** What {@link decide} works with. */
export interface DecideContext {
  readonly definition: WorkflowDefinition;
  readonly sink: EventSink;
  readonly facts: RunFacts;
  readonly now: number;
  /** Claims a step for immediate execution here, or returns undefined to only schedule it. */
  readonly claim: (stepId: string) => Lease | undefined;
  /** The id of the child run a child step starts (deterministic, so retries start it once). */
  readonly childRunId: (stepId: string) => string;
  /** The largest run output the store can record. */
  readonly maxPayloadBytes: number;
}

/** The decision after a run's steps settled: nothing, a compensation to run, or the run is over. */
export type RunVerdict = { readonly compensate?: string };

/** The verdict of almost every decision: nothing to compensate. */
const NO_VERDICT: RunVerdict = Object.freeze({});

/**
 * Makes every decision the run's state calls for and pushes them to the sink: schedule (or claim)
 * steps whose dependencies are settled, skip steps whose condition is false, expand map steps,
 * start child runs, arm sleep timers, suspend wait steps, settle map steps, and complete or fail
 * the run. With `all`, every step is examined (after loading a run); otherwise only the steps the
 * sink touched and their dependents, so each decision costs what changed, not the run's size.
 */
export function decide(context: DecideContext, all: boolean): RunVerdict {
  const { sink, definition } = context;
  const state = sink.state;
  if (state.status !== 'running') return NO_VERDICT;
  const examined = new Examiner(context, state);
  if (all) {
    for (const step of definition.steps) examined.examine(step.id, true);
    for (const id of [...state.steps.keys()]) if (parseMapItemId(id)) examined.examine(id, true);
  }
  for (let index = 0; index < sink.touched.length; index++)
    examined.examine(sink.touched[index]!, false);
  return examined.verdict();
}

class Examiner {
  constructor(
    private readonly context: DecideContext,
    private readonly state: RunState,
  ) {}

  examine(id: string, reload: boolean): void {
    const item = parseMapItemId(id);
    const current = this.state.steps.get(id);
    if (item) {
      if (current?.status === 'ready' || (reload && current?.status === 'scheduled'))
        this.scheduleAttempt(id, current);
      if (current && isFinal(current)) this.settleMap(item.stepId);
      return;
    }
    const step = this.context.definition.stepById.get(id);
    if (!step) return;
    if (!current) {
      this.examinePending(step);
      return;
    }
    if (current.status === 'ready' || (reload && current.status === 'scheduled'))
      this.scheduleAttempt(id, current);
    if (current.status === 'waiting' && current.itemCount !== undefined) this.settleMap(id);
    if (current.status === 'failed' && step.onFailure !== 'continue')
      this.context.facts.fatalStepId ??= id;
    if (isSettled(current, step)) {
      // Adding and comparing the size: one lookup rather than `has` then `add`.
      const settled = this.context.facts.settled;
      const before = settled.size;
      settled.add(id);
      if (settled.size === before) return;
      for (const dependent of this.context.definition.dependents.get(id) ?? []) {
        if (!this.state.steps.has(dependent))
          this.examinePending(this.context.definition.stepById.get(dependent)!);
      }
    }
  }

  private examinePending(step: StepDefinition): void {
    if (this.context.facts.fatalStepId !== undefined || this.state.status !== 'running') return;
    let skippedDeps = 0;
    for (const dep of step.dependsOn) {
      const found = this.state.steps.get(dep);
      if (!found || !isSettled(found, this.context.definition.stepById.get(dep)!)) return;
      if (found.status === 'skipped') skippedDeps++;
    }
    const { sink } = this.context;
    // A step after a branch not taken is not taken either; a join with one branch taken runs.
    if (skippedDeps > 0 && skippedDeps === step.dependsOn.length) {
      sink.push('step.skipped', { stepId: step.id, reason: 'upstream-skipped' });
      return;
    }
    try {
      if (step.kind === 'task' && !step.when) {
        this.scheduleAttempt(step.id, undefined);
        return;
      }
      const source = stepSource(step, this.state);
      if (step.when && !step.when(source)) {
        sink.push('step.skipped', { stepId: step.id, reason: 'condition' });
        return;
      }
      switch (step.kind) {
        case 'task':
          this.scheduleAttempt(step.id, undefined);
          return;
        case 'map': {
          const items = step.over(source);
          sink.push('step.expanded', { stepId: step.id, count: items.length });
          for (let index = 0; index < items.length; index++)
            this.scheduleAttempt(mapItemId(step.id, index), undefined);
          return;
        }
        case 'child':
          sink.push('child.started', {
            stepId: step.id,
            childRunId: this.context.childRunId(step.id),
          });
          return;
        case 'sleep':
          sink.push('timer.scheduled', {
            timerId: `sleep:${step.id}`,
            dueAt: step.dueAt(source, this.context.now),
            purpose: 'sleep',
            stepId: step.id,
          });
          return;
        case 'wait':
          sink.push('step.suspended', { stepId: step.id });
          return;
      }
    } catch (error) {
      // `when`, `over` and `until` are user code: a throw there fails the step for good.
      sink.push('step.failed', { stepId: step.id, attempt: 1, error: serializeError(error) });
    }
  }

  private scheduleAttempt(id: string, current: StepState | undefined): void {
    const attempt = current?.status === 'scheduled' ? current.attempt : (current?.attempt ?? 0) + 1;
    const lease = this.context.claim(id);
    if (lease)
      this.context.sink.push('step.started', {
        stepId: id,
        attempt,
        workerId: lease.workerId,
        leaseExpiresAt: lease.leaseExpiresAt,
      });
    else if (current?.status !== 'scheduled')
      this.context.sink.push('step.scheduled', { stepId: id, attempt });
  }

  private settleMap(mapStepId: string): void {
    const mapStep = this.state.steps.get(mapStepId);
    if (mapStep?.status !== 'waiting' || mapStep.itemCount === undefined) return;
    if ((mapStep.itemsDone ?? 0) < mapStep.itemCount) return;
    for (let index = 0; index < mapStep.itemCount; index++) {
      const item = this.state.steps.get(mapItemId(mapStepId, index));
      if (item?.status === 'failed') {
        this.context.sink.push('step.failed', {
          stepId: mapStepId,
          attempt: 1,
          error: item.error!,
        });
        return;
      }
    }
    this.context.sink.push('step.completed', {
      stepId: mapStepId,
      attempt: 1,
      output: null,
      durationMs: 0,
    });
  }

  verdict(): RunVerdict {
    const { facts, definition, sink } = this.context;
    if (this.state.status !== 'running') return NO_VERDICT;
    if (facts.fatalStepId !== undefined) {
      const fatal = this.state.steps.get(facts.fatalStepId)!;
      if (definition.stepById.get(facts.fatalStepId)?.onFailure === 'compensate') {
        const next = nextCompensation(definition, this.state);
        if (next) return { compensate: next };
      }
      sink.push('run.failed', { error: fatal.error!, stepId: facts.fatalStepId });
      return NO_VERDICT;
    }
    if (facts.settled.size === definition.steps.length) {
      try {
        const output = toJsonOutput(
          definition.output(stepOutputs(definition, this.state)),
          'run output',
          this.context.maxPayloadBytes,
        );
        sink.push('run.completed', { output: output as JsonValue });
      } catch (error) {
        sink.push('run.failed', { error: serializeError(error) });
      }
    }
    return NO_VERDICT;
  }
}

/** Completed, skipped, or failed with `onFailure: 'continue'`: dependents may run. */
function isSettled(state: StepState, step: StepDefinition): boolean {
  return (
    state.status === 'completed' ||
    state.status === 'skipped' ||
    (state.status === 'failed' && step.onFailure === 'continue')
  );
}

function isFinal(state: StepState): boolean {
  return state.status === 'completed' || state.status === 'failed';
}

/** The latest-completed step that has a compensation not yet run, if any. */
function nextCompensation(definition: WorkflowDefinition, state: RunState): string | undefined {
  for (let index = state.completionOrder.length - 1; index >= 0; index--) {
    const id = state.completionOrder[index]!;
    const step = definition.stepById.get(id);
    if (step?.kind === 'task' && step.compensate && !state.steps.get(id)?.compensated) return id;
  }
  return undefined;
}
