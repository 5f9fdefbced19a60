import { InMemoryEventStore } from '@agenticflow/core';
import { createWorkflowEngine } from '@agenticflow/workflows';
import { expectEqual } from '../harness/checks.js';
import { measure } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';
import { fanOutWorkflow } from './workflow-shapes.js';

const WIDTH = 100;
const RUNS = 200;

async function agenticflowRuns(): Promise<Record<string, number>> {
  const definition = fanOutWorkflow(WIDTH);
  const store = new InMemoryEventStore();
  const engine = await createWorkflowEngine({ store, workflows: [definition] });
  try {
    const startedAt = performance.now();
    for (let index = 0; index < RUNS; index++) {
      const run = await engine.start(definition, undefined);
      await run.result();
    }
    const elapsedMs = performance.now() - startedAt;
    let completed = 0;
    for await (const _ of store.readAll({ types: ['step.completed'] })) completed++;
    expectEqual(completed, RUNS * (WIDTH + 2), 'step.completed events recorded');
    return { run_ms: elapsedMs / RUNS };
  } finally {
    await engine.close();
  }
}

async function plainJsRuns(): Promise<Record<string, number>> {
  const noop = async () => null;
  const startedAt = performance.now();
  let joined = 0;
  for (let index = 0; index < RUNS; index++) {
    await noop();
    const results = await Promise.all(Array.from({ length: WIDTH }, () => noop()));
    await noop();
    joined += results.length;
  }
  const elapsedMs = performance.now() - startedAt;
  expectEqual(joined, RUNS * WIDTH, 'plain-js branches run');
  return { run_ms: elapsedMs / RUNS };
}

/** W2: start → 100 parallel no-op steps → join, in memory; runs one after another. */
export const w2ParallelSteps: Workload = {
  id: 'W2',
  title: 'runs of start → 100 parallel no-op steps → join, in memory, one after another',
  budgetMs: 15_000,
  async run(context: WorkloadContext) {
    const systems = [
      { system: 'agenticflow-memory', run: agenticflowRuns },
      { system: 'plain-js', run: plainJsRuns },
    ];
    for (const [index, { system, run }] of systems.entries()) {
      const figures = await measure(
        {
          label: system,
          budget: context.budget,
          warmups: 2,
          repeats: 7,
          share: 1 / (systems.length - index),
        },
        run,
      );
      context.emit(system, 'run_ms', figures.run_ms!, 'ms');
    }
  },
};
