import { hasErrorCode } from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { type RunEvents, workflow } from '../../src/index.js';
import { ofType, setup, stepEvents, untilAborted } from '../support/harness.js';

describe('timeouts', () => {
  it('aborts the step signal when an attempt exceeds timeoutMs, and retries it', async () => {
    const reasons: unknown[] = [];
    const slow = workflow('slow-step')
      .step('call', {
        timeoutMs: 20,
        retry: { maxAttempts: 2, backoff: () => 0 },
        run: async (ctx) => {
          if (ctx.attempt === 1) {
            try {
              await untilAborted(ctx.signal);
            } catch (reason) {
              reasons.push(reason);
              throw reason;
            }
          }
          return `attempt ${ctx.attempt}`;
        },
      })
      .build();
    const world = setup();
    const engine = await world.engine([slow]);
    const run = await engine.start(slow, undefined);
    expect(await run.result()).toEqual({ call: 'attempt 2' });
    expect(reasons).toHaveLength(1);
    expect(hasErrorCode(reasons[0], 'TIMEOUT')).toBe(true);
    const [failed] = stepEvents<RunEvents.StepFailedData>(
      await world.events(run.runId),
      'step.failed',
      'call',
    );
    expect(failed!.error.code).toBe('TIMEOUT');
    expect(failed!.error.message).toContain('did not finish within 20 ms (attempt 1)');
    expect(failed!.retryAt).toBe(world.clock.now());
  });

  it('fails the step for good when its last attempt times out, even if it ignores the signal', async () => {
    const stubborn = workflow('stubborn')
      .step('call', { timeoutMs: 20, retry: { maxAttempts: 1 }, run: () => new Promise(() => {}) })
      .build();
    const engine = await setup().engine([stubborn]);
    const run = await engine.start(stubborn, undefined);
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(error.cause).toMatchObject({ code: 'TIMEOUT' });
  });

  it('fails the run with TIMEOUT when it runs past its timeoutMs, aborting running steps', async () => {
    const reasons: unknown[] = [];
    const bounded = workflow('bounded', { timeoutMs: 60_000 })
      .step('quick', { run: () => 'done' })
      .step('wait', {
        dependsOn: ['quick'],
        run: (ctx) =>
          untilAborted(ctx.signal).catch((reason) => {
            reasons.push(reason);
            throw reason;
          }),
      })
      .build();
    const world = setup();
    const t0 = world.clock.now();
    const engine = await world.engine([bounded]);
    const run = await engine.start(bounded, undefined);
    const events = await world.events(run.runId);
    expect(ofType<RunEvents.RunStartedData>(events, 'run.started')[0]!.data.deadline).toBe(
      t0 + 60_000,
    );
    expect(ofType(events, 'timer.scheduled')[0]!.data).toEqual({
      timerId: 'run-timeout',
      dueAt: t0 + 60_000,
      purpose: 'run-timeout',
    });
    await waitFor(async () => (await engine.getRun(run.runId)).steps.wait?.status === 'running');

    world.clock.advance(59_999);
    expect(world.clock.pendingSleepers).toBe(1);
    world.clock.advance(1);
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(error.cause).toMatchObject({ code: 'TIMEOUT' });
    expect(error.message).toContain('did not finish before its deadline 2026-01-01T00:01:00.000Z');
    await waitFor(() => reasons.length === 1, { message: 'the running step to be aborted' });

    const after = await world.events(run.runId);
    expect(after.at(-1)!.type).toBe('run.failed');
    expect(after.at(-1)!.time).toBe('2026-01-01T00:01:00.000Z');
    expect(stepEvents(after, 'step.failed', 'wait')).toEqual([]);
    expect((await engine.getRun(run.runId)).status).toBe('failed');
  });

  it('does not fire the run timeout of a run that finished in time', async () => {
    const bounded = workflow('in-time', { timeoutMs: 1_000 })
      .step('quick', { run: () => 'done' })
      .build();
    const world = setup();
    const engine = await world.engine([bounded]);
    const run = await engine.start(bounded, undefined);
    expect(await run.result()).toEqual({ quick: 'done' });
    expect(world.clock.pendingSleepers).toBe(0);
    world.clock.advance(5_000);
    const events = await world.events(run.runId);
    expect(ofType(events, 'timer.fired')).toEqual([]);
    expect(events.at(-1)!.type).toBe('run.completed');
  });
});
