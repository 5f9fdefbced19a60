import { InMemoryEventStore } from '@agenticflow/core';
import { createWorkflowEngine } from '@agenticflow/workflows';
import { expectEqual } from '../harness/checks.js';
import { measure, perSecond } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';
import { threeStepWorkflow } from './workflow-shapes.js';

const RUNS = 10_000;

async function agenticflowRuns(): Promise<Record<string, number>> {
  const definition = threeStepWorkflow();
  const store = new InMemoryEventStore();
  const engine = await createWorkflowEngine({ store, workflows: [definition], concurrency: 1_024 });
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 5);
  try {
    const startedAt = performance.now();
    const runs = await Promise.all(
      Array.from({ length: RUNS }, () => engine.start(definition, undefined)),
    );
    const outputs = await Promise.all(runs.map((run) => run.result()));
    const elapsedMs = performance.now() - startedAt;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    expectEqual(
      outputs.filter((output) => (output as { store?: { stored: number } }).store?.stored === 6)
        .length,
      RUNS,
      'runs completed with the right output',
    );
    return { runs_per_s: perSecond(RUNS, elapsedMs), peak_rss_mb: peakRss / 1024 / 1024 };
  } finally {
    clearInterval(sampler);
    await engine.close();
  }
}

/** W7: 10,000 runs of a 3-step workflow started together, in memory. */
export const w7ManyRuns: Workload = {
  id: 'W7',
  title: '10,000 runs of a 3-step workflow started together, in memory',
  budgetMs: 25_000,
  async run(context: WorkloadContext) {
    const figures = await measure(
      {
        label: 'agenticflow-memory',
        budget: context.budget,
        warmups: 1,
        repeats: 3,
        minRepeats: 1,
      },
      agenticflowRuns,
    );
    context.emit('agenticflow-memory', 'runs_per_s', figures.runs_per_s!, 'runs/s');
    context.emit('agenticflow-memory', 'peak_rss_mb', figures.peak_rss_mb!, 'MB');
  },
};
