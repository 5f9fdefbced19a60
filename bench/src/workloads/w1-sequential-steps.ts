import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { InMemoryEventStore } from '@agenticflow/core';
import { createWorkflowEngine } from '@agenticflow/workflows';
import { withTimeout } from '../harness/budget.js';
import { expectEqual, ResultCheckError } from '../harness/checks.js';
import { measure } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';
import { sequentialWorkflow } from './workflow-shapes.js';

const STEPS = 1_000;
const OBSERVED_CHILD = fileURLToPath(new URL('./w1-observed-child.ts', import.meta.url));

/** Something following the run's store (metrics), closed after the run. */
export type StoreObserver = (store: InMemoryEventStore) => { close(): Promise<void> };

/** One run of the W1 workflow, timed from start to result; `observe` follows its store. */
export async function agenticflowRun(observe?: StoreObserver): Promise<Record<string, number>> {
  const definition = sequentialWorkflow(STEPS);
  const store = new InMemoryEventStore();
  const observer = observe?.(store);
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
    await observer?.close();
  }
}

/**
 * The observed system runs in a child process: once tracing is set up, the OpenTelemetry API
 * stays registered for the life of the process, which would trace every system measured after it.
 */
function observedRun(softMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', OBSERVED_CHILD, String(softMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new ResultCheckError(`the W1 observed child exited with ${code}`));
      else resolve((JSON.parse(stdout.trim()) as { per_step_us: number }).per_step_us);
    });
  });
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

/**
 * W1: a run of 1,000 sequential no-op steps in memory, every step recorded as events; then the
 * same with tracing and event metrics on (`agenticflow-memory-observed`, spans to a no-op exporter).
 */
export const w1SequentialSteps: Workload = {
  id: 'W1',
  title: 'one run of 1,000 sequential no-op steps, in memory, every step recorded as events',
  budgetMs: 15_000,
  async run(context: WorkloadContext) {
    const systems = [
      { system: 'agenticflow-memory', run: () => agenticflowRun() },
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
    const softMs = Math.max(2_000, Math.min(6_000, context.budget.remainingMs() - 2_000));
    const observed = await withTimeout(observedRun(softMs), softMs * 2, 'the W1 observed child');
    context.emit('agenticflow-memory-observed', 'per_step_us', observed, 'µs');
  },
};
