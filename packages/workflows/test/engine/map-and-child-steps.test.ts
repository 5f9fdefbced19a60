import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunEvents, runStreamId, workflow } from '../../src/index.js';
import { deferred, ofType, setup, stepEvents } from '../support/harness.js';

describe('map steps', () => {
  it('runs one item per element in parallel and outputs the results in item order', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const finished: number[] = [];
    const squares = workflow('squares', { input: z.array(z.number()) })
      .map('square', {
        over: ({ input }) => input,
        run: async (ctx) => {
          started.push(ctx.index);
          await gates[ctx.index]!.promise;
          finished.push(ctx.index);
          return { item: ctx.item, square: ctx.item * ctx.item, input: ctx.input };
        },
      })
      .step('sum', {
        dependsOn: ['square'],
        run: (ctx) => ctx.deps.square.reduce((total, entry) => total + entry.square, 0),
      })
      .build({ output: (outputs) => outputs });
    const world = setup();
    const engine = await world.engine([squares]);
    const run = await engine.start(squares, [2, 3, 4]);
    await waitFor(() => started.length === 3, { message: 'all three items to start' });
    for (const gate of [...gates].reverse()) gate.resolve();
    const output = (await run.result()) as { square: unknown; sum: number };
    expect(finished).toEqual([2, 1, 0]);
    expect(output.square).toEqual([
      { item: 2, square: 4, input: 2 },
      { item: 3, square: 9, input: 3 },
      { item: 4, square: 16, input: 4 },
    ]);
    expect(output.sum).toBe(29);

    const events = await world.events(run.runId);
    expect(stepEvents(events, 'step.expanded', 'square')).toEqual([{ stepId: 'square', count: 3 }]);
    const itemIds = ofType<{ stepId: string }>(events, 'step.completed')
      .map((event) => event.data.stepId)
      .filter((id) => id.startsWith('square['));
    expect(itemIds.sort()).toEqual(['square[0]', 'square[1]', 'square[2]']);
    const snapshot = await engine.getRun(run.runId);
    expect(snapshot.steps.square!.output).toEqual(output.square);
    expect(snapshot.steps['square[1]']!.status).toBe('completed');
  });

  it('completes a map over an empty array with an empty output, and runs its dependents', async () => {
    let itemCalls = 0;
    const empty = workflow('empty-map')
      .map('each', {
        over: () => [] as number[],
        run: () => {
          itemCalls++;
          return 1;
        },
      })
      .step('count', { dependsOn: ['each'], run: (ctx) => ctx.deps.each.length })
      .build({ output: (outputs) => outputs });
    const engine = await setup().engine([empty]);
    const run = await engine.start(empty, undefined);
    expect(await run.result()).toEqual({ each: [], count: 0 });
    expect(itemCalls).toBe(0);
  });

  it('fails the map step and the run when an item fails for good', async () => {
    const partial = workflow('partial-map')
      .map('each', {
        over: () => ['ok', 'bad', 'ok'],
        retry: { maxAttempts: 2, backoff: () => 0 },
        run: (ctx) => {
          if (ctx.item === 'bad') throw new Error(`item ${ctx.index} is bad`);
          return ctx.item;
        },
      })
      .build();
    const world = setup();
    const engine = await world.engine([partial]);
    const run = await engine.start(partial, undefined);
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(error.message).toContain('item 1 is bad');
    const events = await world.events(run.runId);
    expect(stepEvents(events, 'step.started', 'each[1]')).toHaveLength(2);
    expect(stepEvents(events, 'step.failed', 'each')).toHaveLength(1);
    expect((await engine.getRun(run.runId)).steps.each!.status).toBe('failed');
  });
});

describe('child workflows', () => {
  const child = workflow('child', { input: z.object({ n: z.number() }) })
    .step('double', {
      retry: { maxAttempts: 1 },
      run: (ctx) => {
        if (ctx.input.n < 0) throw new Error(`cannot double ${ctx.input.n}`);
        return ctx.input.n * 2;
      },
    })
    .build({ output: (outputs) => ({ doubled: outputs.double ?? 0 }) });
  const parent = workflow('parent', { input: z.object({ n: z.number() }) })
    .step('prepare', { run: (ctx) => ctx.input.n + 1 })
    .child('sub', {
      dependsOn: ['prepare'],
      workflow: child,
      input: ({ deps }) => ({ n: deps.prepare }),
    })
    .step('finish', { dependsOn: ['sub'], run: (ctx) => `got ${ctx.deps.sub.doubled}` })
    .build();

  it('runs a child run whose output becomes the parent step output', async () => {
    const world = setup();
    const engine = await world.engine([parent]);
    const run = await engine.start(parent, { n: 4 });
    expect(await run.result()).toEqual({ finish: 'got 10' });

    const snapshot = await engine.getRun(run.runId);
    const childRunId = snapshot.steps.sub!.childRunId!;
    expect(snapshot.steps.sub!.output).toEqual({ doubled: 10 });
    const childEvents = await world.events(childRunId);
    const [started] = ofType<RunEvents.RunStartedData>(childEvents, 'run.started');
    expect(started!.data).toMatchObject({
      workflow: 'child',
      input: { n: 5 },
      parent: { runId: run.runId, stepId: 'sub' },
    });
    expect(ofType(childEvents, 'run.completed')).toHaveLength(1);
    const childSnapshot = await engine.getRun(childRunId);
    expect(childSnapshot.parent).toEqual({ runId: run.runId, stepId: 'sub' });
    expect(childSnapshot.output).toEqual({ doubled: 10 });
  });

  it('fails the parent step, and the parent run, when the child run fails', async () => {
    const world = setup();
    const engine = await world.engine([parent]);
    const run = await engine.start(parent, { n: -3 });
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(error.message).toContain('cannot double -2');
    const snapshot = await engine.getRun(run.runId);
    expect(snapshot.steps.sub!.status).toBe('failed');
    expect(snapshot.steps.finish).toBeUndefined();
    const childRun = await engine.getRun(snapshot.steps.sub!.childRunId!);
    expect(childRun.status).toBe('failed');
  });

  it('starts a child once even when its parent is resumed by another engine', async () => {
    let attempts = 0;
    const slowChild = workflow('slow-child')
      .step('work', {
        run: () => {
          attempts++;
          // The first attempt hangs, as if its process had died.
          return attempts === 1 ? new Promise(() => {}) : 'done';
        },
      })
      .build();
    const holder = workflow('holder')
      .child('sub', { workflow: slowChild, input: () => undefined })
      .build();
    const world = setup();
    const first = await world.engine([holder], { leaseMs: 1_000 });
    const run = await first.start(holder, undefined);
    await waitFor(() => attempts === 1, { message: 'the child step to start' });
    await first.close(0);

    const second = await world.engine([holder], { leaseMs: 1_000 });
    const resumed = await second.recover();
    const childRunId = (await second.getRun(run.runId)).steps.sub!.childRunId!;
    expect(resumed.sort()).toEqual([run.runId, childRunId].sort());
    world.clock.advance(1_001);
    expect(await second.result(run.runId)).toEqual({ sub: { work: 'done' } });
    expect(attempts).toBe(2);
    expect(ofType(await world.events(childRunId), 'run.started')).toHaveLength(1);
    expect(ofType(await world.events(run.runId), 'child.started')).toHaveLength(1);
  });

  it('settles a parent whose child ended while no engine was running the parent', async () => {
    const world = setup();
    const append = (runId: string, events: Array<{ type: string; data: unknown }>) =>
      world.store.append(runStreamId(runId), events, { expectedVersion: 'no_stream' });
    await append('p1', [
      { type: 'run.started', data: { workflow: 'parent', workflowVersion: 1, input: { n: 4 } } },
      { type: 'step.completed', data: { stepId: 'prepare', attempt: 1, output: 5, durationMs: 0 } },
      { type: 'child.started', data: { stepId: 'sub', childRunId: 'c1' } },
    ]);
    await append('c1', [
      {
        type: 'run.started',
        data: {
          workflow: 'child',
          workflowVersion: 1,
          input: { n: 5 },
          parent: { runId: 'p1', stepId: 'sub' },
        },
      },
      { type: 'run.completed', data: { output: { doubled: 10 } } },
    ]);
    const engine = await world.engine([parent]);
    expect(await engine.recover()).toEqual(['p1']);
    expect(await engine.result('p1')).toEqual({ finish: 'got 10' });
    expect(ofType(await world.events('c1'), 'run.started')).toHaveLength(1);
  });
});
