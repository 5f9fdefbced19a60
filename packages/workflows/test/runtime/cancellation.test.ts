import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { workflow } from '../../src/index.js';
import { deferred, ofType, setup } from '../support/harness.js';

/** Lets every queued microtask run: a late outcome is flushed within them, without I/O. */
const drainMicrotasks = () => new Promise((resolve) => setImmediate(resolve));

describe('cancellation', () => {
  it('aborts the running step, ends the run cancelled, and ignores the step’s late completion', async () => {
    const finish = deferred<string>();
    let signal: AbortSignal | undefined;
    const long = workflow('long-job')
      .step('work', {
        run: (ctx) => {
          signal = ctx.signal;
          return finish.promise;
        },
      })
      .step('after', { dependsOn: ['work'], run: () => 'never' })
      .build();
    const world = setup();
    const engine = await world.engine([long]);
    const run = await engine.start(long, undefined);
    await waitFor(() => signal, { message: 'the step to start' });

    await engine.cancel(run.runId, 'user changed their mind');
    expect(signal!.aborted).toBe(true);
    expect(signal!.reason).toMatchObject({ code: 'CLOSED' });
    const error = await expectRejectedCode(run.result(), 'RUN_CANCELLED');
    expect(error.message).toBe(`run ${run.runId} was cancelled: user changed their mind`);
    expect(error.details).toMatchObject({ reason: 'user changed their mind' });

    finish.resolve('too late');
    await drainMicrotasks();
    const events = await world.events(run.runId);
    expect(events.at(-1)!.type).toBe('run.cancelled');
    expect(events.at(-1)!.data).toEqual({ reason: 'user changed their mind' });
    expect(ofType(events, 'step.completed')).toEqual([]);
    const snapshot = await engine.getRun(run.runId);
    expect(snapshot.status).toBe('cancelled');
    expect(snapshot.cancelReason).toBe('user changed their mind');
    await expectRejectedCode(engine.result(run.runId), 'RUN_CANCELLED');
  });

  it('cancels a suspended run, so a later resume is refused', async () => {
    const waiting = workflow('waiting').waitFor('approve', { payload: z.boolean() }).build();
    const world = setup();
    const engine = await world.engine([waiting]);
    const run = await engine.start(waiting, undefined);
    await waitFor(async () => (await engine.getRun(run.runId)).status === 'suspended');
    await engine.cancel(run.runId);
    await expectRejectedCode(run.result(), 'RUN_CANCELLED');
    const error = await expectRejectedCode(
      engine.resume(run.runId, 'approve', true),
      'INVALID_RUN_STATE',
    );
    expect(error.message).toContain('(run is cancelled)');
  });

  it('cancels a run from another engine; the running engine aborts the step at its next lease renewal', async () => {
    let signal: AbortSignal | undefined;
    const long = workflow('long-remote')
      .step('work', {
        run: (ctx) => {
          signal = ctx.signal;
          return new Promise<string>(() => {});
        },
      })
      .build();
    const world = setup();
    const runner = await world.engine([long], { leaseMs: 1_000 });
    const operator = await world.engine([long], { leaseMs: 1_000 });
    const run = await runner.start(long, undefined);
    const outcome = run.result().catch((error: unknown) => error);
    await waitFor(() => signal, { message: 'the step to start' });
    await operator.cancel(run.runId, 'from the console');
    expect((await operator.getRun(run.runId)).status).toBe('cancelled');
    await expectRejectedCode(operator.result(run.runId), 'RUN_CANCELLED');

    world.clock.advance(600);
    await waitFor(() => signal!.aborted, { message: 'the runner to notice the cancellation' });
    expect(await outcome).toMatchObject({ code: 'RUN_CANCELLED' });
    expect(ofType(await world.events(run.runId), 'step.heartbeat')).toEqual([]);
  });

  it('refuses to cancel a finished run with INVALID_RUN_STATE and leaves it as it was', async () => {
    const quick = workflow('quick')
      .step('a', { run: () => 1 })
      .build();
    const world = setup();
    const engine = await world.engine([quick]);
    const run = await engine.start(quick, undefined);
    await run.result();
    const refused = await expectRejectedCode(engine.cancel(run.runId), 'INVALID_RUN_STATE');
    expect(refused.message).toContain('already completed');
    expect((await engine.getRun(run.runId)).status).toBe('completed');
    expect(ofType(await world.events(run.runId), 'run.cancelled')).toEqual([]);
  });

  it('cancels the child runs of a cancelled run, aborting their steps', async () => {
    let signal: AbortSignal | undefined;
    const child = workflow('cancel-child')
      .step('work', {
        run: (ctx) => {
          signal = ctx.signal;
          return new Promise<string>(() => {});
        },
      })
      .build();
    const parent = workflow('cancel-parent')
      .child('sub', { workflow: child, input: () => undefined })
      .build();
    const world = setup();
    const engine = await world.engine([parent]);
    const run = await engine.start(parent, undefined);
    await waitFor(() => signal, { message: 'the child step to start' });
    await engine.cancel(run.runId, 'stop everything');
    const childRunId = (await engine.getRun(run.runId)).steps.sub!.childRunId!;
    await waitFor(() => signal!.aborted, { message: 'the child step to be aborted' });
    const childRun = await engine.getRun(childRunId);
    expect(childRun.status).toBe('cancelled');
    expect(childRun.cancelReason).toBe(`parent run ${run.runId} cancelled`);
    await expectRejectedCode(engine.result(childRunId), 'RUN_CANCELLED');
  });
});
