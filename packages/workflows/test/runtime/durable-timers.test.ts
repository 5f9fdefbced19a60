import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunEvents, workflow } from '../../src/index.js';
import { ofType, setup } from '../support/harness.js';

const nap = workflow('nap', { input: z.object({ ms: z.number() }) })
  .step('before', { run: () => 'before' })
  .sleep('rest', { dependsOn: ['before'], durationMs: ({ input }) => input.ms })
  .step('after', { dependsOn: ['rest'], run: (ctx) => ({ rested: ctx.deps.rest }) })
  .build();

describe('durable timers', () => {
  it('completes a sleep only when the clock reaches its due time, and fires it once', async () => {
    const world = setup();
    const t0 = world.clock.now();
    const engine = await world.engine([nap]);
    const run = await engine.start(nap, { ms: 60_000 });
    await waitFor(() => world.clock.pendingSleepers === 1, { message: 'the sleep timer' });
    const [scheduled] = ofType<RunEvents.TimerScheduledData>(
      await world.events(run.runId),
      'timer.scheduled',
    );
    expect(scheduled!.data).toEqual({
      timerId: 'sleep:rest',
      dueAt: t0 + 60_000,
      purpose: 'sleep',
      stepId: 'rest',
    });
    expect((await engine.getRun(run.runId)).steps.rest!.status).toBe('waiting');

    world.clock.advance(59_999);
    expect(world.clock.pendingSleepers).toBe(1);
    expect((await engine.getRun(run.runId)).steps.after).toBeUndefined();
    world.clock.advance(1);
    expect(await run.result()).toEqual({ after: { rested: null } });
    world.clock.advance(60_000);
    const events = await world.events(run.runId);
    const fired = ofType(events, 'timer.fired');
    expect(fired.map((event) => [event.data, event.time])).toEqual([
      [{ timerId: 'sleep:rest' }, '2026-01-01T00:01:00.000Z'],
    ]);
  });

  it('sleeps until a point in time given by until', async () => {
    const wakeAt = Date.parse('2026-01-02T09:00:00.000Z');
    const alarm = workflow('alarm')
      .sleep('night', { until: () => new Date(wakeAt) })
      .step('wake', { dependsOn: ['night'], run: () => 'awake' })
      .build();
    const world = setup();
    const engine = await world.engine([alarm]);
    const run = await engine.start(alarm, undefined);
    await waitFor(() => world.clock.pendingSleepers === 1, { message: 'the alarm timer' });
    world.clock.set(wakeAt - 1);
    expect(world.clock.pendingSleepers).toBe(1);
    world.clock.set(wakeAt);
    expect(await run.result()).toEqual({ wake: 'awake' });
  });

  it('completes at once a sleep whose time has already passed', async () => {
    const late = workflow('late')
      .sleep('past', { until: () => 0 })
      .build();
    const engine = await setup().engine([late]);
    expect(await (await engine.start(late, undefined)).result()).toEqual({ past: null });
  });

  it('keeps a sleeping run through an engine restart and fires its timer exactly once', async () => {
    const world = setup();
    const first = await world.engine([nap]);
    const run = await first.start(nap, { ms: 3_600_000 });
    await waitFor(() => world.clock.pendingSleepers === 1, { message: 'the sleep timer' });
    await first.close();
    expect(world.clock.pendingSleepers).toBe(0);

    const second = await world.engine([nap]);
    const third = await world.engine([nap]);
    expect(await second.recover()).toEqual([run.runId]);
    expect(await third.recover()).toEqual([run.runId]);
    expect(world.clock.pendingSleepers).toBe(2);
    world.clock.advance(3_600_000);
    expect(await second.result(run.runId)).toEqual({ after: { rested: null } });
    const events = await world.events(run.runId);
    expect(ofType(events, 'timer.fired')).toHaveLength(1);
    expect(ofType(events, 'run.completed')).toHaveLength(1);
    expect(events.map((event) => event.version)).toEqual(events.map((_, index) => index + 1));
  });

  it('does not resume runs of workflows this engine does not know', async () => {
    const world = setup();
    const first = await world.engine([nap]);
    await first.start(nap, { ms: 1_000 });
    await first.close();
    const other = workflow('other')
      .step('a', { run: () => 1 })
      .build();
    const second = await world.engine([other]);
    expect(await second.recover()).toEqual([]);
  });
});
