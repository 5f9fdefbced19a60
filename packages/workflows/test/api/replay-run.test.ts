import { expectRejectedCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { applyRunEvent, replayRun, workflow } from '../../src/index.js';
import { toRunSnapshot } from '../../src/state/run-snapshot.js';
import { emptyRunState } from '../../src/state/run-state.js';
import { setup } from '../support/harness.js';

const order = workflow('order')
  .step('reserve', {
    retry: { maxAttempts: 2, backoff: () => 0 },
    run: async (ctx) => {
      await ctx.emit('stock.checked', { attempt: ctx.attempt });
      if (ctx.attempt === 1) throw new Error('stock service busy');
      return { reserved: 2 };
    },
  })
  .map('pack', { dependsOn: ['reserve'], over: () => ['box', 'tape'], run: (ctx) => ctx.item })
  .step('ship', { dependsOn: ['pack'], run: (ctx) => `shipped ${ctx.deps.pack.join('+')}` })
  .build();

/** Runs `order` to completion and closes the engine: replay then has only the store. */
async function finishedRun() {
  const world = setup();
  const engine = await world.engine([order]);
  const run = await engine.start(order, undefined);
  await run.result();
  await engine.close();
  return { world, runId: run.runId, events: await world.events(run.runId) };
}

describe('replayRun', () => {
  it('gives at every version the state folded by hand from the events up to it', async () => {
    const { world, runId, events } = await finishedRun();
    expect(events.length).toBeGreaterThan(15);
    for (let version = 1; version <= events.length; version++) {
      const byHand = emptyRunState(runId);
      for (const event of events.slice(0, version)) applyRunEvent(byHand, event);
      const replayed = await replayRun(world.store, runId, { toVersion: version });
      expect(replayed, `version ${version}`).toEqual(toRunSnapshot(byHand));
      expect(replayed.version).toBe(version);
    }
  });

  it('shows where the run stood at chosen versions, with no engine', async () => {
    const { world, runId, events } = await finishedRun();
    const versionOf = (type: string, stepId?: string) =>
      events.find(
        (event) =>
          event.type === type &&
          (stepId === undefined || (event.data as { stepId?: string }).stepId === stepId),
      )!.version;

    const start = await replayRun(world.store, runId, { toVersion: 1 });
    expect(start).toMatchObject({
      runId,
      workflow: 'order',
      workflowVersion: 1,
      status: 'running',
    });
    expect(start.steps).toEqual({});

    const failedOnce = await replayRun(world.store, runId, {
      toVersion: versionOf('step.failed', 'reserve'),
    });
    expect(failedOnce.steps.reserve).toMatchObject({
      status: 'waiting',
      attempt: 1,
      failures: 1,
      error: { message: 'stock service busy' },
    });

    const reserved = await replayRun(world.store, runId, {
      toVersion: versionOf('step.completed', 'reserve'),
    });
    expect(reserved.steps.reserve).toMatchObject({
      status: 'completed',
      attempt: 2,
      output: { reserved: 2 },
    });
    expect(reserved.steps.pack).toBeUndefined();

    const expanded = await replayRun(world.store, runId, {
      toVersion: versionOf('step.expanded', 'pack'),
    });
    expect(expanded.steps.pack!.status).toBe('waiting');

    const latest = await replayRun(world.store, runId);
    expect(latest).toMatchObject({
      status: 'completed',
      version: events.length,
      output: { ship: 'shipped box+tape' },
    });
    expect(latest.steps.pack!.output).toEqual(['box', 'tape']);
    expect(await replayRun(world.store, runId, { toVersion: events.length + 10 })).toEqual(latest);
  });

  it('rejects a bad version with VALIDATION_FAILED and an unknown run with NOT_FOUND', async () => {
    const { world, runId } = await finishedRun();
    for (const toVersion of [0, -1, 1.5]) {
      const error = await expectRejectedCode(
        replayRun(world.store, runId, { toVersion }),
        'VALIDATION_FAILED',
      );
      expect(error.message).toContain(`must be an integer >= 1, got ${toVersion}`);
    }
    const missing = await expectRejectedCode(replayRun(world.store, 'no-such-run'), 'NOT_FOUND');
    expect(missing.message).toContain('run no-such-run has no events');
  });
});
