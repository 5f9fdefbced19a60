import {
  type AppendOptions,
  type AppendResult,
  InMemoryEventStore,
  type NewEvent,
} from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { workflow } from '../../src/index.js';
import { deferred, ofType, setup, stepEvents } from '../support/harness.js';

/** Remembers the events of each append, to see which decisions were stored together. */
class RecordingStore extends InMemoryEventStore {
  readonly appends: Array<Array<{ type: string; stepId?: string }>> = [];

  override async append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const result = await super.append(streamId, events, options);
    this.appends.push(
      events.map((event) => ({
        type: event.type,
        ...((event.data as { stepId?: string }).stepId
          ? { stepId: (event.data as { stepId: string }).stepId }
          : {}),
      })),
    );
    return result;
  }
}

describe('running a DAG', () => {
  it('runs each step after its dependencies and hands their outputs on', async () => {
    const diamond = workflow('diamond', { input: z.object({ n: z.number() }) })
      .step('a', { run: (ctx) => ctx.input.n + 1 })
      .step('b', { dependsOn: ['a'], run: (ctx) => ctx.deps.a * 2 })
      .step('c', { dependsOn: ['a'], run: (ctx) => ctx.deps.a * 3 })
      .step('d', { dependsOn: ['b', 'c'], run: (ctx) => ctx.deps.b + ctx.deps.c })
      .build();
    const world = setup();
    const engine = await world.engine([diamond]);
    const run = await engine.start(diamond, { n: 1 });
    expect(await run.result()).toEqual({ d: 10 });
    const events = await world.events(run.runId);
    const completed = ofType<{ stepId: string }>(events, 'step.completed').map(
      (event) => event.data.stepId,
    );
    expect(completed[0]).toBe('a');
    expect(completed.slice(1, 3).sort()).toEqual(['b', 'c']);
    expect(completed[3]).toBe('d');
    expect(ofType(events, 'run.completed')).toHaveLength(1);
    expect(events.at(-1)!.type).toBe('run.completed');
  });

  it('starts the siblings of a fan-out in the same append as the completion they wait for', async () => {
    const gate = deferred();
    const running = new Set<string>();
    let together = 0;
    const sibling = (id: string) => async () => {
      running.add(id);
      together = Math.max(together, running.size);
      await gate.promise;
      running.delete(id);
      return id;
    };
    const fan = workflow('fan')
      .step('root', { run: () => 'root' })
      .step('left', { dependsOn: ['root'], run: sibling('left') })
      .step('middle', { dependsOn: ['root'], run: sibling('middle') })
      .step('right', { dependsOn: ['root'], run: sibling('right') })
      .build();
    const world = setup({ store: (clock) => new RecordingStore({ clock }) });
    const engine = await world.engine([fan]);
    const run = await engine.start(fan, undefined);
    await waitFor(() => running.size === 3, { message: 'the three siblings to run at once' });
    gate.resolve();
    expect(await run.result()).toEqual({ left: 'left', middle: 'middle', right: 'right' });
    expect(together).toBe(3);

    const batch = world.store.appends.find((events) =>
      events.some((event) => event.type === 'step.completed' && event.stepId === 'root'),
    );
    expect(batch).toEqual([
      { type: 'step.completed', stepId: 'root' },
      { type: 'step.started', stepId: 'left' },
      { type: 'step.started', stepId: 'middle' },
      { type: 'step.started', stepId: 'right' },
    ]);
    const events = await world.events(run.runId);
    const starts = ofType(events, 'step.started').slice(1);
    const rootDone = ofType(events, 'step.completed')[0]!;
    expect(starts.map((event) => event.version)).toEqual([
      rootDone.version + 1,
      rootDone.version + 2,
      rootDone.version + 3,
    ]);
    expect(starts.map((event) => event.position)).toEqual([
      rootDone.position + 1n,
      rootDone.position + 2n,
      rootDone.position + 3n,
    ]);
  });

  it('gives a fan-in join the outputs of all its dependencies', async () => {
    const join = workflow('join')
      .step('one', { run: () => 1 })
      .step('two', { run: async () => ({ value: 2 }) })
      .step('three', { run: () => [3] })
      .step('all', {
        dependsOn: ['one', 'two', 'three'],
        run: (ctx) => ({ deps: ctx.deps, input: ctx.input }),
      })
      .build();
    const engine = await setup().engine([join]);
    const run = await engine.start(join, undefined);
    const deps = { one: 1, two: { value: 2 }, three: [3] };
    expect(await run.result()).toEqual({ all: { deps, input: deps } });
  });

  it('skips a branch whose condition is false, and still runs the join after it', async () => {
    const calls: string[] = [];
    const branch = workflow('branch', { input: z.object({ amount: z.number() }) })
      .step('check', { run: (ctx) => ctx.input.amount > 100 })
      .step('manual', {
        dependsOn: ['check'],
        when: ({ deps }) => deps.check,
        run: () => {
          calls.push('manual');
          return 'reviewed';
        },
      })
      .step('auto', {
        dependsOn: ['check'],
        when: ({ deps }) => !deps.check,
        run: () => {
          calls.push('auto');
          return 'approved';
        },
      })
      .step('join', {
        dependsOn: ['manual', 'auto'],
        run: (ctx) => ctx.deps.manual ?? ctx.deps.auto,
      })
      .build();
    const world = setup();
    const engine = await world.engine([branch]);
    const small = await engine.start(branch, { amount: 5 });
    expect(await small.result()).toEqual({ join: 'approved' });
    expect(calls).toEqual(['auto']);
    const events = await world.events(small.runId);
    expect(stepEvents(events, 'step.skipped', 'manual')).toEqual([
      { stepId: 'manual', reason: 'condition' },
    ]);
    expect(stepEvents(events, 'step.started', 'manual')).toEqual([]);
    const snapshot = await engine.getRun(small.runId);
    expect(snapshot.steps.manual!.status).toBe('skipped');
    expect(snapshot.steps.join!.status).toBe('completed');

    const big = await engine.start(branch, { amount: 500 });
    expect(await big.result()).toEqual({ join: 'reviewed' });
    expect(calls).toEqual(['auto', 'manual']);
  });

  it('skips a step whose dependencies were all skipped, but runs a join with one branch taken', async () => {
    const ran: string[] = [];
    const chain = workflow('skip-chain')
      .step('gate', { when: () => false, run: () => ran.push('gate') })
      .step('after-gate', { dependsOn: ['gate'], run: () => ran.push('after-gate') })
      .step('other', { run: () => ran.push('other') })
      .step('join', { dependsOn: ['after-gate', 'other'], run: () => ran.push('join') })
      .build();
    const world = setup();
    const engine = await world.engine([chain]);
    const run = await engine.start(chain, undefined);
    await run.result();
    expect(ran.sort()).toEqual(['join', 'other']);
    const events = await world.events(run.runId);
    expect(stepEvents(events, 'step.skipped', 'after-gate')).toEqual([
      { stepId: 'after-gate', reason: 'upstream-skipped' },
    ]);
    const snapshot = await engine.getRun(run.runId);
    expect(snapshot.status).toBe('completed');
    expect(snapshot.steps.join!.status).toBe('completed');
  });

  it('outputs, by default, the outputs of the steps nothing depends on', async () => {
    const sinks = workflow('sinks')
      .step('a', { run: () => 'a' })
      .step('b', { dependsOn: ['a'], run: () => 'b' })
      .step('c', { dependsOn: ['a'], run: () => ({ nested: ['c'] }) })
      .step('hidden', { dependsOn: ['a'], when: () => false, run: () => 'never' })
      .build();
    const world = setup();
    const engine = await world.engine([sinks]);
    const run = await engine.start(sinks, undefined);
    const output = { b: 'b', c: { nested: ['c'] } };
    expect(await run.result()).toEqual(output);
    expect((await engine.getRun(run.runId)).output).toEqual(output);
    const [completed] = ofType(await world.events(run.runId), 'run.completed');
    expect(completed!.data).toEqual({ output });
  });

  it('builds the run output with build({ output }) from every completed step', async () => {
    const custom = workflow('custom')
      .step('a', { run: () => 2 })
      .step('b', { dependsOn: ['a'], run: (ctx) => ctx.deps.a * 10 })
      .build({ output: (outputs) => `${outputs.a}/${outputs.b}` });
    const engine = await setup().engine([custom]);
    const run = await engine.start(custom, undefined);
    expect(await run.result()).toBe('2/20');
  });

  it('fails the run with VALIDATION_FAILED when build({ output }) returns something that is not JSON', async () => {
    const bad = workflow('bad-output')
      .step('a', { run: () => 1 })
      .build({ output: () => ({ at: new Date(0) }) });
    const world = setup();
    const engine = await world.engine([bad]);
    const run = await engine.start(bad, undefined);
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect((error.cause as { code: string }).code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('run output is not JSON');
    expect((await engine.getRun(run.runId)).status).toBe('failed');
  });

  it('fails a step whose condition throws, once, with the thrown error', async () => {
    const broken = workflow('broken-when')
      .step('a', { run: () => 1 })
      .step('b', {
        dependsOn: ['a'],
        when: () => {
          throw new Error('condition exploded');
        },
        run: () => 2,
      })
      .build();
    const world = setup();
    const engine = await world.engine([broken]);
    const run = await engine.start(broken, undefined);
    const error = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(error.message).toContain('condition exploded');
    const failed = stepEvents<{ retryAt?: number }>(
      await world.events(run.runId),
      'step.failed',
      'b',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]!.retryAt).toBeUndefined();
  });
});
