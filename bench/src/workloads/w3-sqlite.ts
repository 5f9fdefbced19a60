import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { runDurableSteps, type StepRunnerUnderTest } from '../drivers/durable-steps.js';
import { workflowStepRunner } from '../drivers/workflow-steps.js';
import { RawSqliteEventStore } from '../floors/raw-sqlite-event-store.js';
import { medianOfSamples, type Sample } from '../harness/measure.js';
import { tempDatabaseFile } from '../harness/temp-file.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const STEP_COMPLETED = 'step.completed';

/** The workflow engine running the steps, every step recorded before the next one starts. */
async function agenticflowSqlite(filename: string): Promise<StepRunnerUnderTest> {
  return workflowStepRunner(await createSqliteEventStore({ filename, synchronous: 'full' }));
}

/** The floor: one autocommit single-row INSERT per step, as `raw-pg-tx-per-step` does. */
async function rawSqlite(filename: string): Promise<StepRunnerUnderTest> {
  const store = new RawSqliteEventStore(filename);
  return {
    async runSteps(runId, steps) {
      for (let step = 0; step < steps; step++) {
        await store.appendOne(`run-${runId}`, STEP_COMPLETED, { step, output: null }, step + 1);
      }
    },
    completedSteps: (runId) => store.count(`run-${runId}`, STEP_COMPLETED),
    close: () => store.close(),
  };
}

const SYSTEMS = [
  { system: 'agenticflow-sqlite', create: agenticflowSqlite },
  { system: 'raw-sqlite-tx-per-step', create: rawSqlite },
] as const;

const WARMUP_ROUNDS = 2;
const ROUNDS = 9;
const MIN_ROUNDS = 3;

/**
 * W3 on SQLite: 200 sequential steps, each durable (a synchronous=FULL commit) before the next.
 * A run takes well under a second, and a synced commit's cost drifts with the machine's other disk
 * traffic, so the systems run in alternating rounds (the median of each) rather than one after
 * the other: both see the same disk.
 */
export const w3Sqlite: Workload = {
  id: 'W3',
  part: 'sqlite',
  title: 'SQLite store: one run of 200 sequential steps, each durable before the next starts',
  budgetMs: 15_000,
  async run(context: WorkloadContext) {
    const files = SYSTEMS.map(({ system }) => tempDatabaseFile(`af-bench-w3-${system}`));
    const runners: StepRunnerUnderTest[] = [];
    try {
      for (const [index, { create }] of SYSTEMS.entries())
        runners.push(await create(files[index]!.path));
      const samples: Sample[][] = SYSTEMS.map(() => []);
      let runs = 0;
      let slowestRoundMs = 0;
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
        const measured = round - WARMUP_ROUNDS;
        if (measured >= MIN_ROUNDS && context.budget.remainingMs() < slowestRoundMs) break;
        const startedAt = performance.now();
        for (const [index, runner] of runners.entries()) {
          const sample = await runDurableSteps(runner, `${process.pid}-${runs++}`);
          if (measured >= 0) samples[index]!.push(sample);
        }
        slowestRoundMs = Math.max(slowestRoundMs, performance.now() - startedAt);
      }
      for (const [index, { system }] of SYSTEMS.entries()) {
        context.progress(
          `  ${system}: ${samples[index]!.length} runs after ${WARMUP_ROUNDS} warm-up, alternating`,
        );
        context.emit(system, 'per_step_ms', medianOfSamples(samples[index]!).per_step_ms!, 'ms');
      }
    } finally {
      for (const runner of runners) await runner.close();
      for (const file of files) file.remove();
    }
  },
};
