import {
  describeUnlessSkipped,
  testServiceUrls,
  uniqueToken,
  unreachableReason,
} from '@agenticflow/conformance';
import { collect } from '@agenticflow/core';
import { createWorkflowClient } from '@agenticflow/workflows';
import { afterAll, expect, it } from 'vitest';
import { type Backends, BUSES, openBus, openStore } from './fixtures/backends.js';
import { expectedReport, fanOutWorkflow } from './fixtures/fan-out-workflow.js';
import { type Child, cleanUp, startChild } from './support.js';

const RUNS = 100;

for (const bus of BUSES) {
  const busUrl = bus === 'nats' ? testServiceUrls.nats : testServiceUrls.redis;
  const skip =
    (await unreachableReason(testServiceUrls.postgres)) ?? (await unreachableReason(busUrl));

  describeUnlessSkipped(
    `workflow runs spread over two worker processes on PostgreSQL with ${bus}`,
    skip,
    () => {
      const backends: Backends = {
        postgresUrl: testServiceUrls.postgres,
        schema: uniqueToken('e2e_workers_').toLowerCase(),
        bus,
        busUrl,
        busPrefix: uniqueToken(bus === 'nats' ? 'E2EWORKERS' : 'e2e-workers-'),
      };
      afterAll(() => cleanUp(backends));

      it(`completes ${RUNS} runs, uses both workers, and records no step completion twice`, async () => {
        const workers: Child[] = [
          startChild('worker-process.ts', backends),
          startChild('worker-process.ts', backends),
        ];
        const workerIds = await Promise.all(
          workers.map(async (worker) =>
            (await worker.line('READY ', 60_000)).slice('READY '.length),
          ),
        );
        const store = await openStore(backends);
        const clientBus = await openBus(backends);
        const client = await createWorkflowClient({
          store,
          bus: clientBus,
          workflows: [fanOutWorkflow],
        });
        try {
          const runs = await Promise.all(
            Array.from({ length: RUNS }, (_, n) => client.start(fanOutWorkflow, { n })),
          );
          const outputs = await Promise.all(runs.map((run) => run.result()));
          expect(outputs).toEqual(
            Array.from({ length: RUNS }, (_, n) => ({ report: expectedReport(n) })),
          );

          const completions = await collect(
            store.readAll({ streamPrefix: 'run-', types: ['step.completed'] }),
          );
          const perStep = new Map<string, number>();
          for (const event of completions) {
            const key = `${event.streamId}/${(event.data as { stepId: string }).stepId}`;
            perStep.set(key, (perStep.get(key) ?? 0) + 1);
          }
          expect(perStep.size).toBe(RUNS * 5);
          expect([...perStep.values()].every((count) => count === 1)).toBe(true);

          const started = await collect(
            store.readAll({ streamPrefix: 'run-', types: ['step.started'] }),
          );
          const ranOn = new Set(
            started.map((event) => (event.data as { workerId: string }).workerId),
          );
          expect([...ranOn].sort()).toEqual([...workerIds].sort());
        } finally {
          await client.close();
          await clientBus.close();
          await store.close();
          for (const worker of workers) worker.process.kill('SIGTERM');
          await Promise.all(workers.map((worker) => worker.exited));
        }
      });
    },
  );
}
