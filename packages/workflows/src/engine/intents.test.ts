import { describe, expect, it } from 'vitest';
import { applyRunEvent } from '../state/apply-run-event.js';
import { emptyRunState, type RunState } from '../state/run-state.js';
import { EventSink } from './event-sink.js';
import {
  cancelRun,
  completeStep,
  failStep,
  fireTimer,
  type Intent,
  interruptStep,
  renewLease,
  resumeStep,
} from './intents.js';

const NOW = 1_000_000;
const error = { name: 'Error', code: 'INTERNAL', message: 'boom', retryable: false };

/** A run state folded from `[type, data]` pairs. */
function stateOf(...events: Array<[string, unknown]>): RunState {
  const state = emptyRunState('r1');
  applyRunEvent(state, {
    type: 'run.started',
    data: { workflow: 'w', workflowVersion: 1, input: null },
    time: 't',
    version: 1,
  });
  for (const [type, data] of events)
    applyRunEvent(state, { type, data, time: 't', version: state.version + 1 });
  return state;
}

const running = (attempt = 1, leaseExpiresAt = NOW + 10): [string, unknown] => [
  'step.started',
  { stepId: 'a', attempt, workerId: 'w1', leaseExpiresAt },
];

/** The events an intent pushes, and the steps it points decisions at. */
function apply(state: RunState, intent: Intent, now = NOW) {
  const sink = new EventSink(state, 't');
  intent(sink, now);
  return { events: sink.events.map((event) => [event.type, event.data]), touched: sink.touched };
}

describe('intents', () => {
  it('records a completion only for the attempt that is running', () => {
    expect(apply(stateOf(running(2)), completeStep('a', 2, 'ok', 5)).events).toEqual([
      ['step.completed', { stepId: 'a', attempt: 2, output: 'ok', durationMs: 5 }],
    ]);
    expect(apply(stateOf(running(2)), completeStep('a', 1, 'late', 5)).events).toEqual([]);
    const interrupted = stateOf(running(), [
      'step.interrupted',
      { stepId: 'a', attempt: 1, reason: 'lease-expired' },
    ]);
    expect(apply(interrupted, completeStep('a', 1, 'late', 5)).events).toEqual([]);
    const cancelled = stateOf(running(), ['run.cancelled', { reason: 'stop' }]);
    expect(apply(cancelled, completeStep('a', 1, 'late', 5)).events).toEqual([]);
  });

  it('schedules a retry timer for a retryable failure, and none for a final one', () => {
    expect(
      apply(
        stateOf(running()),
        failStep('a', 1, error, () => 250),
      ).events,
    ).toEqual([
      ['step.failed', { stepId: 'a', attempt: 1, error, retryAt: NOW + 250 }],
      [
        'timer.scheduled',
        { timerId: 'retry:a:1', dueAt: NOW + 250, purpose: 'retry', stepId: 'a' },
      ],
    ]);
    expect(
      apply(
        stateOf(running()),
        failStep('a', 1, error, () => undefined),
      ).events,
    ).toEqual([['step.failed', { stepId: 'a', attempt: 1, error }]]);
  });

  it('passes the failures so far, this one included, to the retry decision', () => {
    const seen: number[] = [];
    const state = stateOf(
      running(1),
      ['step.failed', { stepId: 'a', attempt: 1, error, retryAt: NOW }],
      running(2),
    );
    apply(
      state,
      failStep('a', 2, error, (failures) => {
        seen.push(failures);
        return undefined;
      }),
    );
    expect(seen).toEqual([2]);
  });

  it('interrupts an attempt whose lease expired, but not before, unless it is taken over', () => {
    const state = () => stateOf(running(1, NOW + 10));
    expect(apply(state(), interruptStep('a', 1, 'lease-expired'), NOW + 9).events).toEqual([]);
    expect(apply(state(), interruptStep('a', 1, 'lease-expired'), NOW + 10).events).toEqual([
      ['step.interrupted', { stepId: 'a', attempt: 1, reason: 'lease-expired' }],
    ]);
    expect(apply(state(), interruptStep('a', 1, 'taken-over'), NOW).events).toEqual([
      ['step.interrupted', { stepId: 'a', attempt: 1, reason: 'taken-over' }],
    ]);
    expect(apply(state(), interruptStep('a', 2, 'taken-over'), NOW).events).toEqual([]);
  });

  it('renews a lease only for the worker holding it', () => {
    expect(apply(stateOf(running()), renewLease('a', 1, 'w1', NOW + 99)).events).toEqual([
      ['step.heartbeat', { stepId: 'a', attempt: 1, leaseExpiresAt: NOW + 99 }],
    ]);
    expect(apply(stateOf(running()), renewLease('a', 1, 'w2', NOW + 99)).events).toEqual([]);
  });

  it('fires a timer once it is due, only once, and points decisions at the step it retries', () => {
    const scheduled: [string, unknown] = [
      'timer.scheduled',
      { timerId: 'retry:a:1', dueAt: NOW + 5, purpose: 'retry', stepId: 'a' },
    ];
    const failed: [string, unknown] = [
      'step.failed',
      { stepId: 'a', attempt: 1, error, retryAt: NOW + 5 },
    ];
    expect(
      apply(stateOf(running(), failed, scheduled), fireTimer('retry:a:1'), NOW + 4).events,
    ).toEqual([]);
    const state = stateOf(running(), failed, scheduled);
    const fired = apply(state, fireTimer('retry:a:1'), NOW + 5);
    expect(fired.events).toEqual([['timer.fired', { timerId: 'retry:a:1' }]]);
    expect(fired.touched).toEqual(['a']);
    expect(state.steps.get('a')!.status).toBe('ready');
    expect(apply(state, fireTimer('retry:a:1'), NOW + 50).events).toEqual([]);
  });

  it('completes a sleep step when its timer fires', () => {
    const state = stateOf([
      'timer.scheduled',
      { timerId: 'sleep:nap', dueAt: NOW, purpose: 'sleep', stepId: 'nap' },
    ]);
    expect(apply(state, fireTimer('sleep:nap')).events).toEqual([
      ['timer.fired', { timerId: 'sleep:nap' }],
      ['step.completed', { stepId: 'nap', attempt: 1, output: null, durationMs: 0 }],
    ]);
  });

  it('resumes only a suspended step, and says whether it did', () => {
    const outcomes: boolean[] = [];
    const note = (applied: boolean) => outcomes.push(applied);
    const suspended = stateOf(['step.suspended', { stepId: 'ok' }]);
    expect(apply(suspended, resumeStep('ok', { yes: true }, note)).events).toEqual([
      ['step.resumed', { stepId: 'ok', payload: { yes: true } }],
      ['step.completed', { stepId: 'ok', attempt: 1, output: { yes: true }, durationMs: 0 }],
    ]);
    expect(apply(suspended, resumeStep('ok', { yes: false }, note)).events).toEqual([]);
    expect(outcomes).toEqual([true, false]);
  });

  it('cancels a running run once', () => {
    const state = stateOf();
    expect(apply(state, cancelRun('why')).events).toEqual([['run.cancelled', { reason: 'why' }]]);
    expect(apply(state, cancelRun('again')).events).toEqual([]);
  });
});
