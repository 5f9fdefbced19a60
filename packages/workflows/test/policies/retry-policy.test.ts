import {
  ConnectionFailedError,
  exponentialBackoff,
  isoFromEpochMs,
  ValidationError,
} from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { type RunEvents, workflow } from '../../src/index.js';
import { ofType, setup, stepEvents } from '../support/harness.js';

/** A step that fails `failures` times with `makeError`, then returns 'ok'. */
function failing(
  failures: number,
  makeError: (attempt: number) => unknown = () => new Error('boom'),
) {
  const calls: number[] = [];
  return {
    calls,
    run: (ctx: { attempt: number }) => {
      calls.push(ctx.attempt);
      if (calls.length <= failures) throw makeError(ctx.attempt);
      return 'ok';
    },
  };
}

describe('retries', () => {
  it('waits the backoff between attempts, on the clock, and records when each retry is due', async () => {
    // Exponential backoff with jitter made deterministic: delay = base * (1 - 0.5 * 0.5).
    const backoff = exponentialBackoff({
      initialMs: 1_000,
      factor: 2,
      jitter: 0.5,
      random: () => 0.5,
    });
    const step = failing(2);
    const flaky = workflow('flaky')
      .step('call', {
        retry: {
          maxAttempts: 3,
          backoff: { initialMs: 1_000, factor: 2, jitter: 0.5, random: () => 0.5 },
        },
        run: step.run,
      })
      .build();
    const world = setup();
    const t0 = world.clock.now();
    const engine = await world.engine([flaky]);
    const run = await engine.start(flaky, undefined);

    await waitFor(() => world.clock.pendingSleepers === 1, { message: 'the first retry timer' });
    expect(step.calls).toEqual([1]);
    world.clock.advance(backoff(1) - 1);
    expect(world.clock.pendingSleepers).toBe(1);
    world.clock.advance(1);
    await waitFor(() => step.calls.length === 2, { message: 'the second attempt' });
    await waitFor(() => world.clock.pendingSleepers === 1, { message: 'the second retry timer' });
    world.clock.advance(backoff(2));
    expect(await run.result()).toEqual({ call: 'ok' });
    expect(step.calls).toEqual([1, 2, 3]);

    const events = await world.events(run.runId);
    const t1 = t0 + 750;
    const t2 = t1 + 1_500;
    expect(backoff(1)).toBe(750);
    expect(backoff(2)).toBe(1_500);
    const failed = ofType<RunEvents.StepFailedData>(events, 'step.failed');
    expect(failed.map((event) => [event.data.attempt, event.data.retryAt, event.time])).toEqual([
      [1, t1, isoFromEpochMs(t0)],
      [2, t2, isoFromEpochMs(t1)],
    ]);
    const timers = ofType<RunEvents.TimerScheduledData>(events, 'timer.scheduled');
    expect(timers.map((event) => event.data)).toEqual([
      { timerId: 'retry:call:1', dueAt: t1, purpose: 'retry', stepId: 'call' },
      { timerId: 'retry:call:2', dueAt: t2, purpose: 'retry', stepId: 'call' },
    ]);
    const fired = ofType<RunEvents.TimerFiredData>(events, 'timer.fired');
    expect(fired.map((event) => [event.data.timerId, event.time])).toEqual([
      ['retry:call:1', isoFromEpochMs(t1)],
      ['retry:call:2', isoFromEpochMs(t2)],
    ]);
    const started = ofType<RunEvents.StepStartedData>(events, 'step.started');
    expect(started.map((event) => [event.data.attempt, event.time])).toEqual([
      [1, isoFromEpochMs(t0)],
      [2, isoFromEpochMs(t1)],
      [3, isoFromEpochMs(t2)],
    ]);
    const snapshot = await engine.getRun(run.runId);
    expect(snapshot.steps.call).toMatchObject({ status: 'completed', attempt: 3, failures: 2 });
  });

  it('fails the run with RUN_FAILED, caused by the step error, once maxAttempts are used up', async () => {
    const step = failing(
      10,
      (attempt) => new ConnectionFailedError(`upstream down (attempt ${attempt})`),
    );
    const doomed = workflow('doomed')
      .step('call', { retry: { maxAttempts: 3, backoff: () => 0 }, run: step.run })
      .step('never', { dependsOn: ['call'], run: () => 'unreachable' })
      .build();
    const world = setup();
    const engine = await world.engine([doomed]);
    const run = await engine.start(doomed, undefined);
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(step.calls).toEqual([1, 2, 3]);
    expect(error.message).toBe(`run ${run.runId} failed: upstream down (attempt 3)`);
    expect(error.cause).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: 'upstream down (attempt 3)',
    });

    const events = await world.events(run.runId);
    const failed = stepEvents<RunEvents.StepFailedData>(events, 'step.failed', 'call');
    expect(failed.map((data) => data.retryAt === undefined)).toEqual([false, false, true]);
    const [runFailed] = ofType<RunEvents.RunFailedData>(events, 'run.failed');
    expect(runFailed!.data.stepId).toBe('call');
    expect(runFailed!.data.error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(stepEvents(events, 'step.scheduled', 'never')).toEqual([]);
    const snapshot = await engine.getRun(run.runId);
    expect(snapshot.status).toBe('failed');
    expect(snapshot.error).toMatchObject({ code: 'CONNECTION_FAILED' });
  });

  it('ends the step at once when retryOn says the error is not worth retrying', async () => {
    const seen: unknown[] = [];
    const step = failing(10, () => new Error('404 not found'));
    const picky = workflow('picky')
      .step('fetch', {
        retry: {
          maxAttempts: 5,
          backoff: () => 0,
          retryOn: (error) => {
            seen.push(error);
            return !String((error as Error).message).startsWith('404');
          },
        },
        run: step.run,
      })
      .build();
    const world = setup();
    const engine = await world.engine([picky]);
    const run = await engine.start(picky, undefined);
    await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(step.calls).toEqual([1]);
    expect(seen).toHaveLength(1);
    const failed = stepEvents<RunEvents.StepFailedData>(
      await world.events(run.runId),
      'step.failed',
      'fetch',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]!.retryAt).toBeUndefined();
  });

  it('retries plain errors and retryable AgenticFlowErrors by default, but not the others', async () => {
    const plain = failing(1);
    const retryable = failing(1, () => new ConnectionFailedError('reset'));
    const permanent = failing(1, () => new ValidationError('bad request', []));
    const defaults = workflow('defaults', { retry: { backoff: () => 0 } })
      .step('plain', { run: plain.run })
      .step('retryable', { run: retryable.run })
      .step('permanent', { onFailure: 'continue', run: permanent.run })
      .build();
    const engine = await setup().engine([defaults]);
    const run = await engine.start(defaults, undefined);
    expect(await run.result()).toEqual({ plain: 'ok', retryable: 'ok' });
    expect(plain.calls).toEqual([1, 2]);
    expect(retryable.calls).toEqual([1, 2]);
    expect(permanent.calls).toEqual([1]);
  });

  it('resumes waiting for a retry after a restart, on the timer stored in the log', async () => {
    const step = failing(1);
    const flaky = workflow('flaky-restart')
      .step('call', { retry: { maxAttempts: 2, backoff: () => 5_000 }, run: step.run })
      .build();
    const world = setup();
    const first = await world.engine([flaky]);
    const run = await first.start(flaky, undefined);
    await waitFor(() => world.clock.pendingSleepers === 1, { message: 'the retry timer' });
    await first.close();
    expect(world.clock.pendingSleepers).toBe(0);

    const second = await world.engine([flaky]);
    expect(await second.recover()).toEqual([run.runId]);
    world.clock.advance(5_000);
    expect(await second.result(run.runId)).toEqual({ call: 'ok' });
    expect(step.calls).toEqual([1, 2]);
    expect(ofType(await world.events(run.runId), 'timer.fired')).toHaveLength(1);
  });
});
