import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { type RunEvents, runStreamId, workflow } from '../../src/index.js';
import { deferred, ofType, setup, stepEvents, untilAborted } from '../support/harness.js';

const LEASE_MS = 1_000;

/** A workflow whose `work` step hangs on its first attempt (ignoring or obeying its signal). */
function hangsOnce(obeysSignal: boolean) {
  const attempts: Array<{ attempt: number; workerId?: string }> = [];
  const definition = workflow('hangs-once')
    .step('work', {
      retry: { maxAttempts: 1 },
      run: (ctx) => {
        attempts.push({ attempt: ctx.attempt });
        if (attempts.length > 1) return `done on attempt ${ctx.attempt}`;
        return obeysSignal ? untilAborted(ctx.signal) : new Promise<string>(() => {});
      },
    })
    .step('after', { dependsOn: ['work'], run: (ctx) => ctx.deps.work })
    .build();
  return { definition, attempts };
}

describe('leases', () => {
  it.each([
    ['ignores', false],
    ['obeys', true],
  ])(
    're-runs a step whose worker closed while it hung (and %s its signal) once the lease lapses',
    async (_, obeys) => {
      const { definition, attempts } = hangsOnce(obeys);
      const world = setup();
      const first = await world.engine([definition], { leaseMs: LEASE_MS });
      const run = await first.start(definition, undefined);
      await waitFor(() => attempts.length === 1, { message: 'the first attempt' });
      await first.close(0);

      const second = await world.engine([definition], { leaseMs: LEASE_MS });
      expect(await second.recover()).toEqual([run.runId]);
      expect((await second.getRun(run.runId)).steps.work).toMatchObject({
        status: 'running',
        workerId: 'engine-1',
      });
      world.clock.advance(LEASE_MS);
      expect(await second.result(run.runId)).toEqual({ after: 'done on attempt 2' });

      const events = await world.events(run.runId);
      expect(stepEvents(events, 'step.interrupted', 'work')).toEqual([
        { stepId: 'work', attempt: 1, reason: 'lease-expired' },
      ]);
      expect(stepEvents(events, 'step.failed', 'work')).toEqual([]);
      const started = stepEvents<RunEvents.StepStartedData>(events, 'step.started', 'work');
      expect(started.map((data) => [data.attempt, data.workerId])).toEqual([
        [1, 'engine-1'],
        [2, 'engine-2'],
      ]);
    },
  );

  it('takes over a step started by a worker that is gone, after its lease, from the log alone', async () => {
    const { definition, attempts } = hangsOnce(false);
    attempts.push({ attempt: 1, workerId: 'ghost' });
    const world = setup();
    const now = world.clock.now();
    await world.store.append(
      runStreamId('ghost-run'),
      [
        {
          type: 'run.started',
          data: { workflow: 'hangs-once', workflowVersion: 1, input: null },
        },
        {
          type: 'step.started',
          data: { stepId: 'work', attempt: 1, workerId: 'ghost', leaseExpiresAt: now + 5_000 },
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    const engine = await world.engine([definition], { leaseMs: LEASE_MS });
    await engine.resumeRun('ghost-run');
    world.clock.advance(4_999);
    expect((await engine.getRun('ghost-run')).steps.work!.status).toBe('running');
    world.clock.advance(1);
    expect(await engine.result('ghost-run')).toEqual({ after: 'done on attempt 2' });
    const interrupted = stepEvents(await world.events('ghost-run'), 'step.interrupted', 'work');
    expect(interrupted).toEqual([{ stepId: 'work', attempt: 1, reason: 'lease-expired' }]);
  });

  it('takes a run over at once with resumeRun({ takeOver: true })', async () => {
    const { definition, attempts } = hangsOnce(false);
    const world = setup();
    const first = await world.engine([definition]);
    const run = await first.start(definition, undefined);
    await waitFor(() => attempts.length === 1, { message: 'the first attempt' });
    await first.close(0);

    const second = await world.engine([definition]);
    await second.resumeRun(run.runId, { takeOver: true });
    expect(await second.result(run.runId)).toEqual({ after: 'done on attempt 2' });
    const events = await world.events(run.runId);
    expect(stepEvents(events, 'step.interrupted', 'work')).toEqual([
      { stepId: 'work', attempt: 1, reason: 'taken-over' },
    ]);
    const times = new Set(events.map((event) => event.time));
    expect(times).toEqual(new Set([new Date(world.clock.now()).toISOString()]));
  });

  it('renews the lease of a step that runs longer than leaseMs, so no other engine takes it', async () => {
    const release = deferred<string>();
    let attempts = 0;
    const long = workflow('long')
      .step('work', {
        run: () => {
          attempts++;
          return release.promise;
        },
      })
      .build();
    const world = setup();
    const owner = await world.engine([long], { leaseMs: LEASE_MS });
    const watcher = await world.engine([long], { leaseMs: LEASE_MS });
    const run = await owner.start(long, undefined);
    await waitFor(() => attempts === 1, { message: 'the step to start' });
    await watcher.resumeRun(run.runId);

    const heartbeats = async () =>
      stepEvents<RunEvents.StepHeartbeatData>(
        await world.events(run.runId),
        'step.heartbeat',
        'work',
      );
    for (let beat = 1; beat <= 4; beat++) {
      world.clock.advance(600);
      const now = world.clock.now();
      await waitFor(async () => (await heartbeats()).length === beat, {
        message: `heartbeat ${beat}`,
      });
      expect((await heartbeats()).at(-1)).toEqual({
        stepId: 'work',
        attempt: 1,
        leaseExpiresAt: now + LEASE_MS,
      });
    }
    release.resolve('finished');
    expect(await owner.result(run.runId)).toEqual({ work: 'finished' });
    const events = await world.events(run.runId);
    expect(ofType(events, 'step.interrupted')).toEqual([]);
    expect(attempts).toBe(1);
  });
});
