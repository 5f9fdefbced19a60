// W1's `agenticflow-memory-observed` system, run by w1-sequential-steps.ts in a child process:
// tracing on (the OpenTelemetry SDK with a batch processor and an exporter that drops every
// span) and event metrics following the store. Prints one JSON line with the median per step.
import { createEventMetrics, setupTracing } from '@agenticflow/observability';
import { Budget } from '../harness/budget.js';
import { measure } from '../harness/measure.js';
import { agenticflowRun } from './w1-sequential-steps.js';

const softMs = Number(process.argv[2] ?? 5_000);
const tracing = await setupTracing({
  serviceName: 'bench-w1',
  exporter: {
    export: (_spans, done) => done({ code: 0 }),
    shutdown: () => Promise.resolve(),
  },
});
const figures = await measure(
  {
    label: 'agenticflow-memory-observed',
    budget: new Budget(softMs, softMs * 2),
    warmups: 5,
    repeats: 25,
  },
  () => agenticflowRun((store) => createEventMetrics({ store })),
);
await tracing.shutdown();
process.stdout.write(`${JSON.stringify({ per_step_us: figures.per_step_us })}\n`);
