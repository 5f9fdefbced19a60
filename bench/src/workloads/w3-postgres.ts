import { createPostgresEventStore } from '@agenticflow/storage-postgres';
import { runDurableSteps, type StepRunnerUnderTest } from '../drivers/durable-steps.js';
import { workflowStepRunner } from '../drivers/workflow-steps.js';
import { POSTGRES_URL, RawPgEventStore } from '../floors/raw-pg-event-store.js';
import { measure } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';
import { withBenchSchema } from './postgres-bench-schema.js';

const STEP_COMPLETED = 'step.completed';

/** The workflow engine running the steps, every step recorded before the next one starts. */
async function agenticflowPostgres(schema: string): Promise<StepRunnerUnderTest> {
  return workflowStepRunner(
    await createPostgresEventStore({ connectionString: POSTGRES_URL, schema }),
  );
}

/** The floor: one autocommit single-row INSERT per step. */
async function rawPg(schema: string): Promise<StepRunnerUnderTest> {
  const store = await RawPgEventStore.open(schema);
  return {
    async runSteps(runId, steps) {
      for (let step = 0; step < steps; step++) {
        await store.append(`run-${runId}`, STEP_COMPLETED, [{ step, output: null }], step);
      }
    },
    completedSteps: (runId) => store.count(`run-${runId}`, STEP_COMPLETED),
    close: () => store.close(),
  };
}

/**
 * W3 on PostgreSQL: 200 sequential steps, each committed (WAL flushed) before the next. Commit
 * latency dominates and drifts with the disk's other work, so each measured sample runs both
 * systems back to back, in alternating order, and the medians compare like with like.
 */
export const w3Postgres: Workload = {
  id: 'W3',
  part: 'postgres',
  title: 'PostgreSQL store: one run of 200 sequential steps, each durable before the next starts',
  budgetMs: 20_000,
  async run(context: WorkloadContext) {
    await withBenchSchema('w3', async (schema) => {
      const agenticflow = await agenticflowPostgres(schema);
      const raw = await rawPg(schema);
      let runs = 0;
      try {
        const figures = await measure(
          {
            label: 'agenticflow-postgres + raw-pg-tx-per-step',
            budget: context.budget,
            warmups: 2,
            repeats: 15,
          },
          async () => {
            const order = runs % 2 === 0 ? [agenticflow, raw] : [raw, agenticflow];
            const [first, second] = [
              await runDurableSteps(order[0]!, `${process.pid}-${runs++}`),
              await runDurableSteps(order[1]!, `${process.pid}-${runs++}`),
            ];
            const [af, floor] = order[0] === agenticflow ? [first, second] : [second, first];
            return { agenticflow: af.per_step_ms!, raw: floor.per_step_ms! };
          },
        );
        context.emit('agenticflow-postgres', 'per_step_ms', figures.agenticflow!, 'ms');
        context.emit('raw-pg-tx-per-step', 'per_step_ms', figures.raw!, 'ms');
      } finally {
        await agenticflow.close();
        await raw.close();
      }
    });
  },
};
