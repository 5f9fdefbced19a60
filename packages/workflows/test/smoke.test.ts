import { collect, InMemoryEventBus, InMemoryEventStore } from '@agenticflow/core';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createWorker, createWorkflowEngine, workflow } from '../src/index.js';

const wf = workflow('smoke', { input: z.object({ n: z.number() }) })
  .step('a', { run: (ctx) => ctx.input.n + 1 })
  .step('b', { dependsOn: ['a'], run: (ctx) => ctx.deps.a * 2 })
  .step('c', { dependsOn: ['a'], run: (ctx) => ctx.deps.a * 3 })
  .step('d', { dependsOn: ['b', 'c'], run: (ctx) => ctx.deps.b + ctx.deps.c })
  .build();

it('runs a small DAG on the engine', async () => {
  const store = new InMemoryEventStore();
  const engine = await createWorkflowEngine({ store, workflows: [wf] });
  const run = await engine.start(wf, { n: 1 });
  expect(await run.result()).toEqual({ d: 10 });
  await engine.close();
});

it('runs a small DAG on two bus workers', async () => {
  const store = new InMemoryEventStore();
  const bus = new InMemoryEventBus();
  const w1 = await createWorker({ store, bus, workflows: [wf] });
  const w2 = await createWorker({ store, bus, workflows: [wf] });
  const runs = await Promise.all(Array.from({ length: 20 }, (_, n) => w1.start(wf, { n })));
  const outputs = await Promise.all(runs.map((run) => run.result()));
  expect(outputs).toEqual(Array.from({ length: 20 }, (_, n) => ({ d: (n + 1) * 5 })));
  const events = await collect(store.readAll({ types: ['step.started'] }));
  const workers = new Set(events.map((event) => (event.data as { workerId: string }).workerId));
  expect(workers.size).toBe(2);
  await w1.close();
  await w2.close();
  await bus.close();
});
