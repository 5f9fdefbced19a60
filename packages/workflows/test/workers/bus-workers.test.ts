import {
  type BusSubscribeOptions,
  type BusSubscription,
  type EventBus,
  InMemoryEventBus,
  type MessageHandler,
  type OutgoingMessage,
  type PublishResult,
} from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { type RunEvents, runStreamId, workflow } from '../../src/index.js';
import { deferred, expectConsistentHistory, ofType, setup } from '../support/harness.js';

function newBus(): InMemoryEventBus {
  const bus = new InMemoryEventBus();
  onTestFinished(() => bus.close());
  return bus;
}

/** A diamond of four steps, counting executions per run and step; `c` waits for `gate`. */
function chain(gate: Promise<void> = Promise.resolve()) {
  const executions = new Map<string, number>();
  const count = (ctx: { runId: string; stepId: string }) => {
    const key = `${ctx.runId}/${ctx.stepId}`;
    executions.set(key, (executions.get(key) ?? 0) + 1);
  };
  const definition = workflow('chain', { input: z.object({ n: z.number() }) })
    .step('a', {
      run: (ctx) => {
        count(ctx);
        return ctx.input.n;
      },
    })
    .step('b', {
      dependsOn: ['a'],
      run: async (ctx) => {
        count(ctx);
        return ctx.deps.a + 1;
      },
    })
    .step('c', {
      dependsOn: ['a'],
      run: async (ctx) => {
        count(ctx);
        await gate;
        return ctx.deps.a + 2;
      },
    })
    .step('d', {
      dependsOn: ['b', 'c'],
      run: (ctx) => {
        count(ctx);
        return ctx.deps.b * ctx.deps.c;
      },
    })
    .build();
  return { definition, executions };
}

async function expectEveryStepOnce(
  world: ReturnType<typeof setup>,
  runIds: readonly string[],
  executions: Map<string, number>,
) {
  const workers = new Set<string>();
  for (const runId of runIds) {
    const events = await world.events(runId);
    expectConsistentHistory(events);
    expect(ofType(events, 'run.completed')).toHaveLength(1);
    for (const started of ofType<RunEvents.StepStartedData>(events, 'step.started'))
      workers.add(started.data.workerId);
    for (const step of ['a', 'b', 'c', 'd']) expect(executions.get(`${runId}/${step}`)).toBe(1);
  }
  return workers;
}

describe('bus workers', () => {
  it('share the steps of many runs, and every run completes with each step done once', async () => {
    const { definition, executions } = chain();
    const world = setup();
    const bus = newBus();
    const one = await world.worker([definition], bus);
    const two = await world.worker([definition], bus);
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 ? one : two).start(definition, { n })),
    );
    const outputs = await Promise.all(runs.map((run) => run.result()));
    expect(outputs).toEqual(Array.from({ length: 20 }, (_, n) => ({ d: (n + 1) * (n + 2) })));
    const workers = await expectEveryStepOnce(
      world,
      runs.map((run) => run.runId),
      executions,
    );
    expect(workers).toEqual(new Set([one.workerId, two.workerId]));
    expect(world.errors).toEqual([]);
  });

  it('leaves the steps of a worker that closes mid-run to the other', async () => {
    const gate = deferred();
    const { definition, executions } = chain(gate.promise);
    const world = setup();
    const bus = newBus();
    const leaving = await world.worker([definition], bus, { concurrency: 2 });
    const staying = await world.worker([definition], bus, { concurrency: 2 });
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, n) => leaving.start(definition, { n })),
    );
    const startedBy = async (workerId: string) =>
      (await Promise.all(runs.map((run) => world.events(run.runId))))
        .flatMap((events) => ofType<RunEvents.StepStartedData>(events, 'step.started'))
        .filter((event) => event.data.stepId === 'c' && event.data.workerId === workerId).length;
    await waitFor(async () => (await startedBy(leaving.workerId)) >= 2, {
      message: 'the leaving worker to hold two steps',
    });
    // The held steps finish in the grace period; what they schedule goes to the other worker.
    const closing = leaving.close(10_000);
    gate.resolve();
    await closing;
    const afterClose = world.appends.length;

    const outputs = await Promise.all(runs.map((run) => staying.result(run.runId)));
    expect(outputs).toEqual(Array.from({ length: 20 }, (_, n) => ({ d: (n + 1) * (n + 2) })));
    await expectEveryStepOnce(
      world,
      runs.map((run) => run.runId),
      executions,
    );
    const late = world.appends.slice(afterClose).map((append) => append.by);
    expect(new Set(late)).toEqual(new Set([staying.workerId]));
    expect(await startedBy(staying.workerId)).toBeGreaterThan(0);
  });

  it('resumes on start every unfinished run it can run', async () => {
    const { definition, executions } = chain();
    const world = setup();
    for (const n of [1, 2, 3]) {
      await world.store.append(
        runStreamId(`left-${n}`),
        [{ type: 'run.started', data: { workflow: 'chain', workflowVersion: 1, input: { n } } }],
        { expectedVersion: 'no_stream' },
      );
    }
    const worker = await world.worker([definition], newBus());
    const outputs = await Promise.all([1, 2, 3].map((n) => worker.result(`left-${n}`)));
    expect(outputs).toEqual([{ d: 6 }, { d: 12 }, { d: 20 }]);
    expect(executions.size).toBe(12);
  });

  it('publishes again, after dispatchTimeoutMs, a step task the bus lost', async () => {
    const { definition, executions } = chain();
    const world = setup();
    const bus = new LossyBus(newBus());
    const worker = await world.worker([definition], bus, { dispatchTimeoutMs: 100 });
    const run = await worker.start(definition, { n: 3 });
    const done = run.result();
    await waitFor(
      async () => {
        // Moving the clock past the dispatch timeout lets the run monitor publish the task again.
        world.clock.advance(100);
        return (await worker.getRun(run.runId)).status === 'completed';
      },
      { intervalMs: 20, message: 'the run to complete despite the lost tasks' },
    );
    expect(await done).toEqual({ d: 20 });
    expect(bus.dropped.sort()).toEqual(
      ['a', 'b', 'c', 'd'].map((step) => `${run.runId}.${step}.1`),
    );
    expect(bus.delivered.length).toBeGreaterThanOrEqual(4);
    await expectEveryStepOnce(world, [run.runId], executions);
  });

  it('publishes the task again under a new id when its first message is held by a member that died', async () => {
    const { definition, executions } = chain();
    const world = setup();
    const bus = new DeadHolderBus(newBus());
    const worker = await world.worker([definition], bus, { dispatchTimeoutMs: 100 });
    const run = await worker.start(definition, { n: 3 });
    const done = run.result();
    await waitFor(
      async () => {
        world.clock.advance(100);
        return (await worker.getRun(run.runId)).status === 'completed';
      },
      { intervalMs: 20, message: 'the run to complete although every first task message is held' },
    );
    expect(await done).toEqual({ d: 20 });
    // Each step's first message went to the dead member; what ran came from retries with new ids.
    expect(bus.held.sort()).toEqual(['a', 'b', 'c', 'd'].map((step) => `${run.runId}.${step}.1`));
    expect(bus.delivered.every((id) => !bus.held.includes(id))).toBe(true);
    await expectEveryStepOnce(world, [run.runId], executions);
  });
});

/** A bus that loses the first message of every step task, as a broker outage might. */
class LossyBus implements EventBus {
  readonly dropped: string[] = [];
  readonly delivered: string[] = [];
  private readonly lost = new Set<string>();

  constructor(protected readonly inner: EventBus) {}

  get capabilities() {
    return this.inner.capabilities;
  }

  async publish(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    const id = message.id ?? '';
    const task = JSON.stringify(message.payload);
    if (!this.lost.has(task)) {
      this.lost.add(task);
      this.dropped.push(id);
      return { id, duplicate: false };
    }
    this.delivered.push(id);
    return this.forward(topic, message);
  }

  protected forward(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    return this.inner.publish(topic, message);
  }

  subscribe(
    pattern: string,
    handler: MessageHandler,
    options?: BusSubscribeOptions,
  ): Promise<BusSubscription> {
    return this.inner.subscribe(pattern, handler, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * A bus that dedupes message ids (as NATS does for two minutes) and whose first message of each
 * step task goes to a member that died holding it: it is never delivered to a live one.
 */
class DeadHolderBus extends LossyBus {
  readonly held: string[] = [];
  private readonly seen = new Set<string>();
  private readonly tasks = new Set<string>();

  override async publish(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    const id = message.id ?? '';
    if (this.seen.has(id)) return { id, duplicate: true };
    this.seen.add(id);
    const task = JSON.stringify(message.payload);
    if (!this.tasks.has(task)) {
      this.tasks.add(task);
      this.held.push(id);
      return { id, duplicate: false };
    }
    this.delivered.push(id);
    return this.forward(topic, message);
  }
}
