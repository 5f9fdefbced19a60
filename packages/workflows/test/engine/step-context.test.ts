import { collect, InMemoryEventStore } from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type StepContext, type StepLogger, workflow } from '../../src/index.js';
import { ofType, setup, stepEvents } from '../support/harness.js';

describe('what a step receives', () => {
  it('gives the run id, the step id, the attempt and an idempotency key that survives retries', async () => {
    const seen: Array<Pick<StepContext, 'runId' | 'stepId' | 'attempt' | 'idempotencyKey'>> = [];
    const flaky = workflow('flaky-key')
      .step('charge', {
        retry: { maxAttempts: 3, backoff: () => 0 },
        run: (ctx) => {
          seen.push({
            runId: ctx.runId,
            stepId: ctx.stepId,
            attempt: ctx.attempt,
            idempotencyKey: ctx.idempotencyKey,
          });
          if (ctx.attempt < 3) throw new Error('card network down');
          return 'charged';
        },
      })
      .build();
    const engine = await setup().engine([flaky]);
    const run = await engine.start(flaky, undefined, { runId: 'run-key-1' });
    expect(await run.result()).toEqual({ charge: 'charged' });
    expect(seen).toEqual(
      [1, 2, 3].map((attempt) => ({
        runId: 'run-key-1',
        stepId: 'charge',
        attempt,
        idempotencyKey: 'run-key-1/charge',
      })),
    );
  });

  it('emits custom events into the run stream with the step id in their metadata', async () => {
    const chatty = workflow('chatty')
      .step('work', {
        run: async (ctx) => {
          await ctx.emit('progress.reported', { done: 1, of: 2 });
          await ctx.emit('progress.reported', { done: 2, of: 2 });
          return 'done';
        },
      })
      .build();
    const world = setup();
    const engine = await world.engine([chatty]);
    const run = await engine.start(chatty, undefined);
    await run.result();
    const events = await world.events(run.runId);
    const custom = ofType(events, 'progress.reported');
    expect(custom.map((event) => event.data)).toEqual([
      { done: 1, of: 2 },
      { done: 2, of: 2 },
    ]);
    expect(custom.map((event) => event.metadata)).toEqual([{ stepId: 'work' }, { stepId: 'work' }]);
    const completed = stepEvents(events, 'step.completed', 'work');
    expect(completed).toHaveLength(1);
    const completedAt = events.find((event) => event.type === 'step.completed')!.version;
    expect(custom.every((event) => event.version < completedAt)).toBe(true);
  });

  it.each([
    'run.completed',
    'step.completed',
    'timer.fired',
    'child.started',
    'compensation.completed',
  ])('rejects a custom event of the reserved type %s with VALIDATION_FAILED', async (type) => {
    let rejection: Promise<unknown> | undefined;
    const sneaky = workflow('sneaky')
      .step('work', {
        run: (ctx) => {
          rejection = ctx.emit(type, {});
          return rejection.catch(() => 'refused');
        },
      })
      .build();
    const world = setup();
    const engine = await world.engine([sneaky]);
    const run = await engine.start(sneaky, undefined);
    expect(await run.result()).toEqual({ work: 'refused' });
    const error = await expectRejectedCode(rejection!, 'VALIDATION_FAILED');
    expect(error.message).toContain(`custom event type ${JSON.stringify(type)} is reserved`);
    const emitted = (await world.events(run.runId)).filter(
      (event) => event.type === type && event.metadata.stepId === 'work',
    );
    expect(emitted).toEqual([]);
  });

  it('rejects a custom event with an invalid type without losing other steps’ outcomes', async () => {
    let rejection: Promise<unknown> | undefined;
    const mixed = workflow('mixed-emit')
      .step('bad', {
        run: (ctx) => {
          rejection = ctx.emit('Not A Type', {});
          return rejection.then(
            () => 'stored',
            () => 'refused',
          );
        },
      })
      .step('good', { run: () => 'fine' })
      .build();
    const world = setup();
    const engine = await world.engine([mixed]);
    const run = await engine.start(mixed, undefined);
    expect(await run.result()).toEqual({ bad: 'refused', good: 'fine' });
    const error = await expectRejectedCode(rejection!, 'VALIDATION_FAILED');
    expect(error.message).toContain('custom event "Not A Type" of step bad');
    expect(world.errors).toEqual([]);
  });

  it('hands the engine logger to steps', async () => {
    const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
    const logger: StepLogger = {
      debug: (message, fields) => lines.push(['debug', message, fields]),
      info: (message, fields) => lines.push(['info', message, fields]),
      warn: (message, fields) => lines.push(['warn', message, fields]),
      error: (message, fields) => lines.push(['error', message, fields]),
    };
    const logged = workflow('logged')
      .step('a', {
        run: (ctx) => {
          ctx.logger.info('working', { stepId: ctx.stepId });
          return null;
        },
      })
      .build();
    const engine = await setup().engine([logged], { logger });
    await (await engine.start(logged, undefined)).result();
    expect(lines).toEqual([['info', 'working', { stepId: 'a' }]]);
  });
});

describe('validation of inputs and outputs', () => {
  const typed = workflow('typed', { input: z.object({ name: z.string().min(1) }) })
    .step('greet', { run: (ctx) => `hello ${ctx.input.name}` })
    .build();

  it('checks the run input against the workflow schema at start and stores nothing when it fails', async () => {
    const world = setup();
    const engine = await world.engine([typed]);
    const error = await expectRejectedCode(
      engine.start(typed, { name: '' } as { name: string }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('input of workflow typed');
    expect((error.details.issues as Array<{ path: unknown[] }>)[0]!.path).toEqual(['name']);
    expect(await collect(world.store.readAll())).toEqual([]);
  });

  it('fails a step whose input does not fit its inputSchema, without retrying it', async () => {
    let calls = 0;
    const checked = workflow('checked-input')
      .step('source', { run: () => ({ count: 'three' }) })
      .step('use', {
        dependsOn: ['source'],
        inputSchema: z.object({ source: z.object({ count: z.number() }) }),
        retry: { maxAttempts: 5, backoff: () => 0 },
        run: () => {
          calls++;
          return null;
        },
      })
      .build();
    const world = setup();
    const engine = await world.engine([checked]);
    const run = await engine.start(checked, undefined);
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect((error.cause as { code: string }).code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('input of step use');
    expect(calls).toBe(0);
    const failed = stepEvents<{ attempt: number; retryAt?: number }>(
      await world.events(run.runId),
      'step.failed',
      'use',
    );
    expect(failed).toEqual([expect.objectContaining({ attempt: 1 })]);
    expect(failed[0]!.retryAt).toBeUndefined();
  });

  it('fails a step whose output does not fit its outputSchema, without retrying it', async () => {
    let calls = 0;
    const checked = workflow('checked-output')
      .step('answer', {
        outputSchema: z.number().int(),
        retry: { maxAttempts: 5, backoff: () => 0 },
        run: () => {
          calls++;
          return 4.2;
        },
      })
      .build();
    const world = setup();
    const engine = await world.engine([checked]);
    const run = await engine.start(checked, undefined);
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(error.message).toContain('output of step answer');
    expect((error.cause as { code: string }).code).toBe('VALIDATION_FAILED');
    expect(calls).toBe(1);
  });

  it('fails a step whose output is not JSON with VALIDATION_FAILED, and the run goes on recording', async () => {
    const odd = workflow('not-json')
      .step('bigint', { onFailure: 'continue', run: () => ({ total: 10n }) })
      .step('after', { dependsOn: ['bigint'], run: (ctx) => ctx.deps.bigint ?? 'no output' })
      .build();
    const world = setup();
    const engine = await world.engine([odd]);
    const run = await engine.start(odd, undefined);
    expect(await run.result()).toEqual({ after: 'no output' });
    const [failed] = stepEvents<{ error: { code: string; message: string } }>(
      await world.events(run.runId),
      'step.failed',
      'bigint',
    );
    expect(failed!.error.code).toBe('VALIDATION_FAILED');
    expect(failed!.error.message).toContain('output of step bigint is not JSON');
    expect(world.errors).toEqual([]);
  });

  it('fails a step whose output is over the store’s event limit, and refuses an oversized custom event', async () => {
    const big = workflow('too-big')
      .step('chatty', {
        run: async (ctx) => {
          const refused = await ctx
            .emit('report.progress', { text: 'y'.repeat(6_000) })
            .catch((error: { code: string }) => error.code);
          return { refused };
        },
      })
      .step('huge', { dependsOn: ['chatty'], onFailure: 'continue', run: () => 'x'.repeat(6_000) })
      .build();
    const world = setup({
      store: (clock) => new InMemoryEventStore({ clock, maxEventBytes: 8_192 }),
    });
    const engine = await world.engine([big]);
    const run = await engine.start(big, undefined);
    expect(await run.result()).toEqual({ huge: undefined });
    const events = await world.events(run.runId);
    expect(stepEvents(events, 'step.completed', 'chatty')[0]).toMatchObject({
      output: { refused: 'PAYLOAD_TOO_LARGE' },
    });
    const [failed] = stepEvents<{ error: { code: string }; retryAt?: number }>(
      events,
      'step.failed',
      'huge',
    );
    expect(failed!.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(failed!.retryAt).toBeUndefined();
    expect(ofType(events, 'report.progress')).toEqual([]);
    expect(world.errors).toEqual([]);
  });
});

describe('run ids', () => {
  const once = workflow('once')
    .step('a', { run: () => 'a' })
    .build();

  it('returns the existing run when started again with its id, without a second run.started', async () => {
    const world = setup();
    const engine = await world.engine([once]);
    const first = await engine.start(once, undefined, { runId: 'fixed-id' });
    const again = await engine.start(once, undefined, { runId: 'fixed-id' });
    expect(again.runId).toBe('fixed-id');
    expect(await first.result()).toEqual({ a: 'a' });
    const third = await engine.start(once, undefined, { runId: 'fixed-id' });
    expect(await third.result()).toEqual({ a: 'a' });

    const other = await world.engine([once]);
    const fourth = await other.start(once, undefined, { runId: 'fixed-id' });
    expect(await fourth.result()).toEqual({ a: 'a' });
    const events = await world.events('fixed-id');
    expect(ofType(events, 'run.started')).toHaveLength(1);
    expect(ofType(events, 'step.completed')).toHaveLength(1);
  });

  it('refuses to reuse the id of a run of another workflow', async () => {
    const other = workflow('other')
      .step('b', { run: () => 'b' })
      .build();
    const world = setup();
    const engine = await world.engine([once, other]);
    await (await engine.start(once, undefined, { runId: 'taken' })).result();
    const error = await expectRejectedCode(
      engine.start(other, undefined, { runId: 'taken' }),
      'NOT_FOUND',
    );
    expect(error.message).toContain('runs workflow once, not other');
    await waitFor(async () => (await engine.getRun('taken')).status === 'completed');
  });
});
