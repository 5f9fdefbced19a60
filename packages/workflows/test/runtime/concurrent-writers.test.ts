import {
  type AppendOptions,
  type AppendResult,
  hasErrorCode,
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
  type NewEvent,
} from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runStreamId, workflow } from '../../src/index.js';
import { expectConsistentHistory, ofType, setup } from '../support/harness.js';

const RUNS = 8;

/**
 * A store whose appends wait a random number of event-loop turns (from a seeded generator), so
 * the engines' writes interleave in many orders and often conflict; it counts the conflicts.
 */
class JitteryStore extends InMemoryEventStore {
  conflicts = 0;
  private seed = 42;

  constructor(options: InMemoryEventStoreOptions) {
    super(options);
  }

  override async append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    for (let turns = this.random() * 3; turns >= 1; turns--)
      await new Promise((resolve) => setImmediate(resolve));
    try {
      return await super.append(streamId, events, options);
    } catch (error) {
      if (hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT')) this.conflicts++;
      throw error;
    }
  }

  /** mulberry32 */
  private random(): number {
    this.seed = (this.seed + 0x6d2b79f5) | 0;
    let t = this.seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** A workflow with fan-out, fan-in and a map, counting executions per run and step. */
function countedWorkflow() {
  const executions = new Map<string, number>();
  const count = (ctx: { runId: string; stepId: string }) => {
    const key = `${ctx.runId}/${ctx.stepId}`;
    executions.set(key, (executions.get(key) ?? 0) + 1);
  };
  const definition = workflow('contended', { input: z.object({ n: z.number() }) })
    .step('a', {
      run: async (ctx) => {
        count(ctx);
        return ctx.input.n;
      },
    })
    .step('b', {
      dependsOn: ['a'],
      run: (ctx) => {
        count(ctx);
        return ctx.deps.a + 1;
      },
    })
    .step('c', {
      dependsOn: ['a'],
      run: (ctx) => {
        count(ctx);
        return ctx.deps.a + 2;
      },
    })
    .map('m', {
      dependsOn: ['b', 'c'],
      over: ({ deps }) => [deps.b, deps.c],
      run: async (ctx) => {
        count(ctx);
        return ctx.item * 10;
      },
    })
    .step('d', {
      dependsOn: ['m'],
      run: (ctx) => {
        count(ctx);
        return ctx.deps.m;
      },
    })
    .build();
  return { definition, executions };
}

async function expectAllCompletedOnce(
  world: ReturnType<typeof setup<JitteryStore>>,
  runIds: readonly string[],
  executions: Map<string, number>,
) {
  const engine = await world.engine([]);
  await waitFor(
    async () => {
      const runs = await Promise.all(runIds.map((runId) => engine.getRun(runId)));
      return runs.every((run) => run.status === 'completed');
    },
    { timeoutMs: 20_000, message: 'every run to complete' },
  );
  for (const [index, runId] of runIds.entries()) {
    const events = await world.events(runId);
    expectConsistentHistory(events);
    expect(ofType(events, 'run.started')).toHaveLength(1);
    expect(ofType(events, 'step.completed')).toHaveLength(7);
    expect((await engine.getRun(runId)).output).toEqual({
      d: [(index + 1) * 10, (index + 2) * 10],
    });
    for (const step of ['a', 'b', 'c', 'm[0]', 'm[1]', 'd'])
      expect(executions.get(`${runId}/${step}`), `${runId}/${step}`).toBe(1);
  }
  expect(world.errors).toEqual([]);
  // The race was real: both engines wrote, and some of their appends lost and were decided again.
  expect(new Set(world.appends.map((append) => append.by))).toEqual(
    new Set(['engine-1', 'engine-2']),
  );
  expect(world.store.conflicts).toBeGreaterThan(0);
}

describe('several engines writing the same runs', () => {
  it('completes every step once when two engines recover the same runs at the same time', async () => {
    const { definition, executions } = countedWorkflow();
    const world = setup({ store: (clock) => new JitteryStore({ clock }) });
    const runIds = Array.from({ length: RUNS }, (_, index) => `contended-${index}`);
    for (const [index, runId] of runIds.entries()) {
      await world.store.append(
        runStreamId(runId),
        [
          {
            type: 'run.started',
            data: { workflow: 'contended', workflowVersion: 1, input: { n: index } },
          },
        ],
        { expectedVersion: 'no_stream' },
      );
    }
    const first = await world.engine([definition]);
    const second = await world.engine([definition]);
    const [one, two] = await Promise.all([first.recover(), second.recover()]);
    expect(one.sort()).toEqual([...runIds].sort());
    expect(two.sort()).toEqual([...runIds].sort());
    await expectAllCompletedOnce(world, runIds, executions);
  });

  it('starts a run once when two engines start it with the same id at the same time', async () => {
    const { definition, executions } = countedWorkflow();
    const world = setup({ store: (clock) => new JitteryStore({ clock }) });
    const first = await world.engine([definition]);
    const second = await world.engine([definition]);
    const runIds = Array.from({ length: RUNS }, (_, index) => `raced-${index}`);
    await Promise.all(
      runIds.flatMap((runId, index) => [
        first.start(definition, { n: index }, { runId }),
        second.start(definition, { n: index }, { runId }),
      ]),
    );
    await expectAllCompletedOnce(world, runIds, executions);
  });
});
