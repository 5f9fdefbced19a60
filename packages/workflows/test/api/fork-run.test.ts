import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { forkRun, type RunEvents, workflow } from '../../src/index.js';
import { expectConsistentHistory, ofType, setup } from '../support/harness.js';

/** A three-step pipeline that counts how often each step runs. */
function pipeline() {
  const calls: Record<string, number> = { fetch: 0, parse: 0, store: 0 };
  const definition = workflow('pipeline', { input: z.object({ url: z.string() }) })
    .step('fetch', {
      run: (ctx) => {
        calls.fetch!++;
        return `<html>${ctx.input.url}</html>`;
      },
    })
    .step('parse', {
      dependsOn: ['fetch'],
      run: (ctx) => {
        calls.parse!++;
        return ctx.deps.fetch.length;
      },
    })
    .step('store', {
      dependsOn: ['parse'],
      run: (ctx) => {
        calls.store!++;
        return { size: ctx.deps.parse };
      },
    })
    .build();
  return { definition, calls };
}

describe('forkRun', () => {
  it('copies the history up to a version into a new run, with new ids caused by the originals', async () => {
    const { definition } = pipeline();
    const world = setup();
    const engine = await world.engine([definition]);
    const run = await engine.start(definition, { url: 'a.example' });
    await run.result();
    const original = await world.events(run.runId);
    const atVersion = original.find(
      (event) =>
        event.type === 'step.completed' && (event.data as { stepId: string }).stepId === 'parse',
    )!.version;

    const forkId = await forkRun(world.store, run.runId, atVersion, { runId: 'the-fork' });
    expect(forkId).toBe('the-fork');
    const copied = await world.events(forkId);
    expect(copied).toHaveLength(atVersion);
    for (const [index, copy] of copied.entries()) {
      const source = original[index]!;
      expect(copy.type).toBe(source.type);
      expect(copy.version).toBe(source.version);
      expect(copy.id).not.toBe(source.id);
      expect(copy.metadata.causationId).toBe(source.id);
      if (copy.type !== 'run.started') expect(copy.data).toEqual(source.data);
    }
    expect(copied[0]!.data).toEqual({
      ...(original[0]!.data as object),
      forkedFrom: { runId: run.runId, version: atVersion },
    });
    const snapshot = await engine.getRun(forkId);
    expect(snapshot.forkedFrom).toEqual({ runId: run.runId, version: atVersion });
    expect(snapshot.steps.parse!.status).toBe('completed');
    expect(await world.events(run.runId)).toEqual(original);
  });

  it('resumes a fork without running again the steps completed before the fork', async () => {
    const { definition, calls } = pipeline();
    const world = setup();
    const engine = await world.engine([definition]);
    const run = await engine.start(definition, { url: 'b.example' });
    const output = await run.result();
    const original = await world.events(run.runId);
    const atVersion = original.find((event) => event.type === 'step.completed')!.version;

    const forkId = await forkRun(world.store, run.runId, atVersion);
    expect(forkId).not.toBe(run.runId);
    await engine.resumeRun(forkId);
    expect(await engine.result(forkId)).toEqual(output);
    expect(calls).toEqual({ fetch: 1, parse: 2, store: 2 });
    const forked = await world.events(forkId);
    expectConsistentHistory(forked);
    expect(ofType(forked, 'run.started')).toHaveLength(1);
  });

  it('marks steps that were running at the fork as interrupted, so they run again', async () => {
    const { definition, calls } = pipeline();
    const world = setup();
    const engine = await world.engine([definition]);
    const run = await engine.start(definition, { url: 'c.example' });
    await run.result();
    const original = await world.events(run.runId);
    const atVersion = original.find(
      (event) =>
        event.type === 'step.started' && (event.data as { stepId: string }).stepId === 'store',
    )!.version;
    const forkId = await forkRun(world.store, run.runId, atVersion);
    const forked = await world.events(forkId);
    expect(forked.at(-1)!.type).toBe('step.interrupted');
    expect(forked.at(-1)!.data).toEqual({ stepId: 'store', attempt: 1, reason: 'taken-over' });
    await engine.resumeRun(forkId);
    await engine.result(forkId);
    expect(calls.store).toBe(2);
    const started = ofType<RunEvents.StepStartedData>(await world.events(forkId), 'step.started');
    expect(started.at(-1)!.data).toMatchObject({ stepId: 'store', attempt: 2 });
  });

  it('rejects a bad version with VALIDATION_FAILED and an unknown run with NOT_FOUND', async () => {
    const world = setup();
    const error = await expectRejectedCode(forkRun(world.store, 'any', 0), 'VALIDATION_FAILED');
    expect(error.message).toContain('must be an integer >= 1, got 0');
    await expectRejectedCode(forkRun(world.store, 'no-such-run', 3), 'NOT_FOUND');
  });

  it('gives a run that completes when forked at any version of a history with retries, a map and a sleep', async () => {
    let failures = 0;
    const busy = workflow('busy')
      .step('flaky', {
        retry: { maxAttempts: 3, backoff: () => 0 },
        run: () => {
          if (failures++ === 0) throw new Error('first call fails');
          return 2;
        },
      })
      .map('each', {
        dependsOn: ['flaky'],
        over: ({ deps }) => [deps.flaky, 3],
        run: (ctx) => ctx.item,
      })
      .sleep('rest', { dependsOn: ['each'], durationMs: 1_000 })
      .step('done', { dependsOn: ['rest', 'each'], run: (ctx) => ctx.deps.each })
      .build();
    const world = setup();
    const engine = await world.engine([busy]);
    const run = await engine.start(busy, undefined);
    await waitFor(() => world.clock.pendingSleepers === 1, { message: 'the sleep' });
    world.clock.advance(1_000);
    const output = await run.result();
    const history = await world.events(run.runId);

    const stuck: number[] = [];
    for (let version = 1; version < history.length; version++) {
      const forkId = await forkRun(world.store, run.runId, version, { runId: `fork-${version}` });
      await engine.resumeRun(forkId);
      const finished = await waitFor(
        async () => {
          world.clock.advance(1_000);
          const status = (await engine.getRun(forkId)).status;
          return status === 'completed' || status === 'failed' ? status : undefined;
        },
        { timeoutMs: 5_000, message: `fork at ${version}` },
      ).catch(() => 'stuck');
      if (finished !== 'completed') stuck.push(version);
      else expect(await engine.result(forkId)).toEqual(output);
    }
    expect(stuck, 'versions whose fork did not complete').toEqual([]);
  });

  it('completes a fork cut between a resume and the completion of its wait step', async () => {
    const approval = workflow('fork-approval')
      .waitFor('approve', { payload: z.object({ ok: z.boolean() }) })
      .step('after', { dependsOn: ['approve'], run: (ctx) => ctx.deps.approve.ok })
      .build();
    const world = setup();
    const engine = await world.engine([approval]);
    const run = await engine.start(approval, undefined);
    await waitFor(async () => (await engine.getRun(run.runId)).status === 'suspended');
    await engine.resume(run.runId, 'approve', { ok: true });
    await run.result();
    const resumedAt = (await world.events(run.runId)).find(
      (event) => event.type === 'step.resumed',
    )!.version;
    const forkId = await forkRun(world.store, run.runId, resumedAt);
    await engine.resumeRun(forkId);
    expect(await engine.result(forkId)).toEqual({ after: true });
  });

  it('gives the fork the full run timeout again instead of the original deadline', async () => {
    const timed = workflow('timed', { timeoutMs: 10_000 })
      .step('draft', { run: () => 'draft' })
      .waitFor('approve', { dependsOn: ['draft'], payload: z.object({ ok: z.boolean() }) })
      .build();
    const world = setup();
    const engine = await world.engine([timed]);
    const run = await engine.start(timed, undefined);
    await waitFor(async () => (await engine.getRun(run.runId)).status === 'suspended');
    world.clock.advance(9_000);
    const { version } = await engine.getRun(run.runId);
    const forkId = await forkRun(world.store, run.runId, version, { now: world.clock.now() });
    await engine.resumeRun(forkId);
    world.clock.advance(2_000);
    await expectRejectedCode(run.result(), 'RUN_FAILED');
    const fork = await engine.getRun(forkId);
    expect(fork.status).toBe('suspended');
    expect(fork.timers.find((timer) => timer.timerId === 'run-timeout')?.dueAt).toBe(
      world.clock.now() - 2_000 + 10_000,
    );
    await engine.resume(forkId, 'approve', { ok: true });
    expect(await engine.result(forkId)).toEqual({ approve: { ok: true } });
  });
});
