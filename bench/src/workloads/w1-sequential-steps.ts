import { InMemoryEventStore } from '@agenticflow/core';
import { createWorkflowEngine } from '@agenticflow/workflows';
import { expectEqual } from '../harness/checks.js';
import { measure } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';
import { sequentialWorkflow } from './workflow-shapes.js';

const STEPS = 1_000;

async function agenticflowRun(): Promise<Record<string, number>> {
  const definition = sequentialWorkflow(STEPS);
  const store = new InMemoryEventStore();
  const engine = await createWorkflowEngine({ store, workflows: [definition] });
  try {
    const startedAt = performance.now();
    const run = await engine.start(definition, undefined);
    await run.result();
    const elapsedMs = performance.now() - startedAt;
    let completed = 0;
    for await (const _ of store.readAll({ types: ['step.completed'] })) completed++;
    expectEqual(completed, STEPS, 'step.completed events recorded');
    return { per_step_us: (elapsedMs * 1000) / STEPS };
  } finally {
    await engine.close();
  }
}

async function plainJsRun(): Promise<Record<string, number>> {
  const steps = Array.from({ length: STEPS }, () => async (value: number) => value + 1);
  const startedAt = performance.now();
  let value = 0;
  for (const step of steps) value = await step(value);
  const elapsedMs = performance.now() - startedAt;
  expectEqual(value, STEPS, 'plain-js steps run');
  return { per_step_us: (elapsedMs * 1000) / STEPS };
}

/** W1: a run of 1,000 sequential no-op steps in memory, every step recorded as events. */
export const w1SequentialSteps: Workload = {
  id: 'W1',
  title: 'one run of 1,000 sequential no-op steps, in memory, every step recorded as events',
  budgetMs: 15_000,
  async run(context: WorkloadContext) {
    const systems = [
      { system: 'agenticflow-memory', run: agenticflowRun },
      { system: 'plain-js', run: plainJsRun },
    ];
    for (const [index, { system, run }] of systems.entries()) {
      const figures = await measure(
        {
          label: system,
          budget: context.budget,
          warmups: 5,
          repeats: 25,
          share: 1 / (systems.length - index),
        },
        run,
      );
      context.emit(system, 'per_step_us', figures.per_step_us!, 'µs');
    }
  },
};
