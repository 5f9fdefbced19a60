import { describe, expect, it } from 'vitest';
import { applyRunEvent } from './apply-run-event.js';
import { toRunSnapshot } from './run-snapshot.js';
import { emptyRunState, type RunState, runStatus } from './run-state.js';

function fold(...events: Array<[string, unknown]>): RunState {
  const state = emptyRunState('r1');
  for (const [type, data] of events)
    applyRunEvent(state, {
      type,
      data,
      time: `2026-01-01T00:00:0${state.version}.000Z`,
      version: state.version + 1,
    });
  return state;
}

const started: [string, unknown] = [
  'run.started',
  { workflow: 'w', workflowVersion: 2, input: { n: 1 } },
];

describe('applyRunEvent', () => {
  it('records the run, its version and the custom events it does not know', () => {
    const state = fold(started, ['progress.reported', { done: 1 }], ['progress.reported', {}]);
    expect(state).toMatchObject({
      workflow: 'w',
      workflowVersion: 2,
      input: { n: 1 },
      version: 3,
      customEvents: 2,
      startedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('shows a run as suspended only when nothing but suspended steps is left', () => {
    const waiting = fold(started, ['step.suspended', { stepId: 'approve' }]);
    expect(runStatus(waiting)).toBe('suspended');
    const busy = fold(
      started,
      ['step.suspended', { stepId: 'approve' }],
      ['step.scheduled', { stepId: 'other', attempt: 1 }],
    );
    expect(runStatus(busy)).toBe('running');
    expect(runStatus(fold(started))).toBe('running');
  });

  it('ignores the heartbeat of an attempt that is no longer the current one', () => {
    const state = fold(
      started,
      ['step.started', { stepId: 'a', attempt: 1, workerId: 'w1', leaseExpiresAt: 10 }],
      ['step.interrupted', { stepId: 'a', attempt: 1, reason: 'lease-expired' }],
      ['step.started', { stepId: 'a', attempt: 2, workerId: 'w2', leaseExpiresAt: 20 }],
      ['step.heartbeat', { stepId: 'a', attempt: 1, leaseExpiresAt: 99 }],
    );
    expect(state.steps.get('a')).toMatchObject({ status: 'running', attempt: 2, workerId: 'w2' });
    expect(state.steps.get('a')!.leaseExpiresAt).toBe(20);
  });

  it('collects a map step output from its items in item order, whatever order they completed in', () => {
    const done = (stepId: string, output: unknown): [string, unknown] => [
      'step.completed',
      { stepId, attempt: 1, output, durationMs: 1 },
    ];
    const state = fold(
      started,
      ['step.expanded', { stepId: 'm', count: 3 }],
      done('m[2]', 'c'),
      done('m[0]', 'a'),
      done('m[1]', 'b'),
      done('m', null),
    );
    expect(state.steps.get('m')).toMatchObject({
      status: 'completed',
      output: ['a', 'b', 'c'],
      itemsDone: 3,
    });
    expect(state.completionOrder).toEqual(['m[2]', 'm[0]', 'm[1]', 'm']);
  });

  it('counts failed attempts, and ends a step only on a failure without retryAt', () => {
    const error = { name: 'Error', code: 'INTERNAL', message: 'x', retryable: false };
    const retrying = fold(started, ['step.failed', { stepId: 'a', attempt: 1, error, retryAt: 5 }]);
    expect(retrying.steps.get('a')).toMatchObject({ status: 'waiting', failures: 1 });
    const final = fold(
      started,
      ['step.failed', { stepId: 'a', attempt: 1, error, retryAt: 5 }],
      ['step.failed', { stepId: 'a', attempt: 2, error }],
    );
    expect(final.steps.get('a')).toMatchObject({ status: 'failed', failures: 2, error });
  });

  it('gives snapshots that leave out what is not set', () => {
    const snapshot = toRunSnapshot(fold(started, ['run.completed', { output: { ok: true } }]));
    expect(snapshot).toEqual({
      runId: 'r1',
      workflow: 'w',
      workflowVersion: 2,
      status: 'completed',
      version: 2,
      input: { n: 1 },
      output: { ok: true },
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:00:01.000Z',
      steps: {},
      timers: [],
    });
  });
});
