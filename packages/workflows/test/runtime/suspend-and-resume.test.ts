import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { workflow } from '../../src/index.js';
import { ofType, setup, stepEvents } from '../support/harness.js';

const approval = workflow('approval', { input: z.object({ amount: z.number() }) })
  .step('draft', { run: (ctx) => ({ amount: ctx.input.amount }) })
  .waitFor('approve', {
    dependsOn: ['draft'],
    payload: z.object({ approved: z.boolean(), by: z.string().min(1) }),
  })
  .step('pay', {
    dependsOn: ['draft', 'approve'],
    run: (ctx) => (ctx.deps.approve.approved ? `paid ${ctx.deps.draft.amount}` : 'rejected'),
  })
  .build({ output: (outputs) => ({ pay: outputs.pay, approval: outputs.approve }) });

async function suspendedRun(world: ReturnType<typeof setup>) {
  const engine = await world.engine([approval]);
  const run = await engine.start(approval, { amount: 40 });
  await waitFor(async () => (await engine.getRun(run.runId)).status === 'suspended', {
    message: 'the run to suspend',
  });
  return { engine, run };
}

describe('suspend and resume', () => {
  it('suspends the run at a waitFor step, and a valid payload completes it as the step output', async () => {
    const world = setup();
    const { engine, run } = await suspendedRun(world);
    const snapshot = await engine.getRun(run.runId);
    expect(snapshot.steps.approve!.status).toBe('suspended');
    expect(snapshot.steps.pay).toBeUndefined();

    await engine.resume(run.runId, 'approve', { approved: true, by: 'ada' });
    expect(await run.result()).toEqual({
      pay: 'paid 40',
      approval: { approved: true, by: 'ada' },
    });
    const events = await world.events(run.runId);
    expect(stepEvents(events, 'step.resumed', 'approve')).toEqual([
      { stepId: 'approve', payload: { approved: true, by: 'ada' } },
    ]);
    expect(stepEvents(events, 'step.completed', 'approve')).toEqual([
      expect.objectContaining({ output: { approved: true, by: 'ada' } }),
    ]);
  });

  it('rejects a payload that does not fit the schema with VALIDATION_FAILED and the run stays suspended', async () => {
    const world = setup();
    const { engine, run } = await suspendedRun(world);
    const before = (await world.events(run.runId)).length;
    const error = await expectRejectedCode(
      engine.resume(run.runId, 'approve', { approved: 'yes', by: '' }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('resume payload of step approve');
    const issues = error.details.issues as Array<{ path: unknown[] }>;
    expect(issues.map((issue) => issue.path).sort()).toEqual([['approved'], ['by']]);
    expect((await engine.getRun(run.runId)).status).toBe('suspended');
    expect(await world.events(run.runId)).toHaveLength(before);

    await engine.resume(run.runId, 'approve', { approved: false, by: 'bob' });
    expect(await run.result()).toMatchObject({ pay: 'rejected' });
  });

  it('refuses with INVALID_RUN_STATE to resume a step that is not suspended', async () => {
    const world = setup();
    const { engine, run } = await suspendedRun(world);
    const notWait = await expectRejectedCode(
      engine.resume(run.runId, 'draft', {}),
      'INVALID_RUN_STATE',
    );
    expect(notWait.message).toContain('step draft of run');
    expect(notWait.message).toContain('is not a waitFor step of workflow approval');

    await engine.resume(run.runId, 'approve', { approved: true, by: 'ada' });
    await run.result();
    const twice = await expectRejectedCode(
      engine.resume(run.runId, 'approve', { approved: true, by: 'eve' }),
      'INVALID_RUN_STATE',
    );
    expect(twice.message).toContain('is completed, not suspended');
    expect(twice.details).toMatchObject({ runId: run.runId, stepId: 'approve' });
    expect(ofType(await world.events(run.runId), 'step.resumed')).toHaveLength(1);
  });

  it('refuses to resume a waitFor step the run has not reached yet', async () => {
    const gated = workflow('gated')
      .step('slow', { run: () => new Promise<string>(() => {}) })
      .waitFor('later', { dependsOn: ['slow'], payload: z.string() })
      .build();
    const world = setup();
    const engine = await world.engine([gated]);
    const run = await engine.start(gated, undefined);
    const error = await expectRejectedCode(
      engine.resume(run.runId, 'later', 'too early'),
      'INVALID_RUN_STATE',
    );
    expect(error.message).toContain('is not reached, not suspended');
  });

  it('resumes a suspended run from a new engine on the same store', async () => {
    const world = setup();
    const { engine, run } = await suspendedRun(world);
    await engine.close();

    const restarted = await world.engine([approval]);
    expect((await restarted.getRun(run.runId)).status).toBe('suspended');
    await restarted.resume(run.runId, 'approve', { approved: true, by: 'ada' });
    expect(await restarted.result(run.runId)).toMatchObject({ pay: 'paid 40' });
  });

  it('lets exactly one of two engines racing to resume the same step win', async () => {
    const world = setup();
    const { engine, run } = await suspendedRun(world);
    const other = await world.engine([approval]);
    await other.resumeRun(run.runId);
    const outcomes = await Promise.allSettled([
      engine.resume(run.runId, 'approve', { approved: true, by: 'ada' }),
      other.resume(run.runId, 'approve', { approved: false, by: 'bob' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'INVALID_RUN_STATE' });
    await waitFor(async () => (await engine.getRun(run.runId)).status === 'completed');
    const events = await world.events(run.runId);
    expect(ofType(events, 'step.resumed')).toHaveLength(1);
    expect(ofType(events, 'run.completed')).toHaveLength(1);
  });
});
