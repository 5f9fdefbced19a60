import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { workflow } from '../../src/index.js';
import { deferred, ofType, setup } from '../support/harness.js';

/** Steps that hold until the test releases them, counting how many run at once. */
function heldSteps() {
  const held: Array<{ id: string; release: () => void }> = [];
  let running = 0;
  let most = 0;
  return {
    held,
    get running() {
      return running;
    },
    get most() {
      return most;
    },
    run: async (ctx: { stepId: string }) => {
      running++;
      most = Math.max(most, running);
      const gate = deferred();
      held.push({ id: ctx.stepId, release: gate.resolve });
      await gate.promise;
      running--;
      return ctx.stepId;
    },
  };
}

/** Releases the held steps one at a time, each time once `expected` of them are running. */
async function releaseAll(steps: ReturnType<typeof heldSteps>, total: number, expected: number) {
  for (let released = 0; released < total; released++) {
    const want = Math.min(expected, total - released);
    await waitFor(() => steps.running === want && steps.held.length >= released + want, {
      message: `${want} steps running after ${released} released`,
    });
    steps.held[released]!.release();
  }
}

describe('the concurrency limit', () => {
  it('never runs more than `concurrency` steps at once, and runs them all', async () => {
    const steps = heldSteps();
    let builder = workflow('wide').step('s0', { run: steps.run });
    for (let index = 1; index < 6; index++) builder = builder.step(`s${index}`, { run: steps.run });
    const wide = builder.build();
    const world = setup();
    const engine = await world.engine([wide], { concurrency: 2 });
    const run = await engine.start(wide, undefined);
    await releaseAll(steps, 6, 2);
    const output = await run.result();
    expect(Object.keys(output as object).sort()).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
    expect(steps.most).toBe(2);
    const events = await world.events(run.runId);
    expect(ofType(events, 'step.completed')).toHaveLength(6);
    expect(ofType(events, 'step.scheduled')).toHaveLength(4);
  });

  it('shares the limit between runs', async () => {
    const steps = heldSteps();
    const pair = workflow('pair')
      .step('a', { run: steps.run })
      .step('b', { run: steps.run })
      .build();
    const world = setup();
    const engine = await world.engine([pair], { concurrency: 3 });
    const runs = await Promise.all([1, 2, 3].map(() => engine.start(pair, undefined)));
    await releaseAll(steps, 6, 3);
    await Promise.all(runs.map((run) => run.result()));
    expect(steps.most).toBe(3);
  });
});
