import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunEvents, workflow } from '../../src/index.js';
import { deferred, ofType, setup, stepEvents } from '../support/harness.js';

const once = { maxAttempts: 1 } as const;

describe('what happens when a step fails for good', () => {
  it('lets dependents run with onFailure continue, and the run completes', async () => {
    const tolerant = workflow('tolerant')
      .step('optional', {
        onFailure: 'continue',
        retry: once,
        run: (): string => {
          throw new Error('enrichment service down');
        },
      })
      .step('main', { run: () => 'main' })
      .step('report', {
        dependsOn: ['optional', 'main'],
        run: (ctx) => ({ optional: ctx.deps.optional ?? null, main: ctx.deps.main }),
      })
      .build();
    const world = setup();
    const engine = await world.engine([tolerant]);
    const run = await engine.start(tolerant, undefined);
    expect(await run.result()).toEqual({ report: { optional: null, main: 'main' } });
    const snapshot = await engine.getRun(run.runId);
    expect(snapshot.status).toBe('completed');
    expect(snapshot.steps.optional).toMatchObject({
      status: 'failed',
      error: { message: 'enrichment service down' },
    });
  });

  it('stops scheduling with onFailure fail, and aborts the steps still running', async () => {
    const aborted = deferred<unknown>();
    const strict = workflow('strict')
      .step('slow', {
        run: (ctx) =>
          new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => {
              aborted.resolve(ctx.signal.reason);
              reject(ctx.signal.reason);
            }),
          ),
      })
      .step('broken', {
        retry: once,
        run: () => {
          throw new Error('broken');
        },
      })
      .step('after', { dependsOn: ['broken'], run: () => 'never' })
      .build();
    const world = setup();
    const engine = await world.engine([strict]);
    const run = await engine.start(strict, undefined);
    await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(await aborted.promise).toMatchObject({ code: 'CLOSED' });
    const events = await world.events(run.runId);
    expect(stepEvents(events, 'step.started', 'after')).toEqual([]);
    expect(stepEvents(events, 'step.failed', 'slow')).toEqual([]);
  });

  it('runs the compensations of completed steps in reverse completion order, then fails the run', async () => {
    const undone: Array<{ stepId: string; input: unknown; key: string }> = [];
    const compensate = (ctx: { stepId: string; input: unknown; idempotencyKey: string }) => {
      undone.push({ stepId: ctx.stepId, input: ctx.input, key: ctx.idempotencyKey });
    };
    const booking = workflow('booking', { input: z.object({ trip: z.string() }) })
      .step('flight', { run: (ctx) => `flight for ${ctx.runInput.trip}`, compensate })
      .step('hotel', { dependsOn: ['flight'], run: () => 'hotel', compensate })
      .step('note', { dependsOn: ['flight'], run: () => 'no compensation here' })
      .step('car', {
        dependsOn: ['hotel', 'note'],
        onFailure: 'compensate',
        retry: once,
        run: (): string => {
          throw new Error('no cars left');
        },
      })
      .build();
    const world = setup();
    const engine = await world.engine([booking]);
    const run = await engine.start(booking, { trip: 'rome' });
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(error.message).toContain('no cars left');

    expect(undone.map((entry) => entry.stepId)).toEqual(['hotel', 'flight']);
    expect(undone[0]).toEqual({
      stepId: 'hotel',
      input: { flight: 'flight for rome' },
      key: `${run.runId}/hotel/compensate`,
    });
    expect(undone[1]!.input).toEqual({ trip: 'rome' });

    const events = await world.events(run.runId);
    const completed = ofType<RunEvents.CompensationData>(events, 'compensation.completed');
    expect(completed.map((event) => event.data)).toEqual([
      { stepId: 'hotel' },
      { stepId: 'flight' },
    ]);
    const failedAt = events.findIndex((event) => event.type === 'run.failed');
    expect(failedAt).toBe(events.length - 1);
    expect(completed.every((event) => event.version < events[failedAt]!.version)).toBe(true);
    expect(events[failedAt]!.data).toMatchObject({
      stepId: 'car',
      error: { message: 'no cars left' },
    });
  });

  it('records a compensation that throws as compensation.failed and goes on with the others', async () => {
    const undone: string[] = [];
    const saga = workflow('saga')
      .step('first', { run: () => 1, compensate: () => void undone.push('first') })
      .step('second', {
        dependsOn: ['first'],
        run: () => 2,
        compensate: () => {
          throw new Error('refund API down');
        },
      })
      .step('third', {
        dependsOn: ['second'],
        onFailure: 'compensate',
        retry: once,
        run: (): number => {
          throw new Error('third failed');
        },
      })
      .build();
    const world = setup();
    const engine = await world.engine([saga]);
    const run = await engine.start(saga, undefined);
    await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(undone).toEqual(['first']);
    const events = await world.events(run.runId);
    expect(
      events
        .filter((event) => event.type.startsWith('compensation.'))
        .map((event) => [event.type, (event.data as RunEvents.CompensationData).stepId]),
    ).toEqual([
      ['compensation.failed', 'second'],
      ['compensation.completed', 'first'],
    ]);
    const [failed] = ofType<RunEvents.CompensationData>(events, 'compensation.failed');
    expect(failed!.data.error).toMatchObject({ message: 'refund API down' });
  });

  it('finishes compensating after a restart, without running a compensation twice', async () => {
    const hold = deferred();
    const undone: string[] = [];
    const saga = workflow('slow-saga')
      .step('first', { run: () => 1, compensate: () => void undone.push('first') })
      .step('second', {
        dependsOn: ['first'],
        run: () => 2,
        compensate: async () => {
          undone.push('second');
          await hold.promise;
        },
      })
      .step('third', {
        dependsOn: ['second'],
        onFailure: 'compensate',
        retry: once,
        run: (): number => {
          throw new Error('third failed');
        },
      })
      .build();
    const world = setup();
    const first = await world.engine([saga]);
    const run = await first.start(saga, undefined);
    await waitFor(() => undone.length === 1, { message: 'the first compensation to start' });
    await first.close(0);
    const writtenByFirst = world.appends.filter((append) => append.by === 'engine-1').length;
    const second = await world.engine([saga]);
    await second.recover();
    await waitFor(() => undone.length === 2, { message: 'the compensation to run again' });
    hold.resolve();
    await expectRejectedCode(second.result(run.runId), 'RUN_FAILED');
    expect(undone).toEqual(['second', 'second', 'first']);
    expect(world.appends.filter((append) => append.by === 'engine-1')).toHaveLength(writtenByFirst);
    const types = (await world.events(run.runId)).map((event) => event.type);
    expect(types.filter((type) => type.startsWith('compensation.'))).toEqual([
      'compensation.completed',
      'compensation.completed',
    ]);
  });
});
