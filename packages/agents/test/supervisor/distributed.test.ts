import { InMemoryEventBus, InMemoryEventStore } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { createWorker, createWorkflowClient } from '@agenticflow/workflows';
import { describe, expect, it, onTestFinished } from 'vitest';
import { diamondPlan, testSupervisor, writingTeam } from './support.js';

describe('a supervisor spread over processes on a bus', () => {
  it('runs every task on the workers while the client only starts, approves and waits', async () => {
    const store = new InMemoryEventStore();
    const bus = new InMemoryEventBus();
    onTestFinished(() => bus.close());
    const planner = { template: diamondPlan };
    const onWorker = writingTeam();
    const onClient = writingTeam();
    await testSupervisor({
      store,
      planner,
      workers: onWorker.workers,
      createEngine: (workflows) => createWorker({ store, bus, workflows }),
    });
    const client = await testSupervisor({
      store,
      planner,
      workers: onClient.workers,
      createEngine: (workflows) => createWorkflowClient({ store, bus, workflows }),
    });

    const run = await client.start('Write a brief', { context: { audience: 'board' } });
    expect(await waitFor(() => client.pendingPlan(run.runId))).toEqual(diamondPlan);
    await client.approve(run.runId, { actor: 'ada' });
    const output = await run.result();

    expect(Object.keys(output.results).sort()).toEqual(['draft', 'facts', 'research', 'review']);
    expect(onClient.performed).toEqual([]);
    expect(onWorker.performed.map((entry) => entry.taskId).sort()).toEqual(
      Object.keys(output.results).sort(),
    );
    expect(onWorker.performed[0]?.context.context).toEqual({ audience: 'board' });
  });

  it('refuses engine options together with createEngine, and a createEngine that is no function', async () => {
    const base = { store: new InMemoryEventStore(), planner: { template: diamondPlan } };
    await expect(
      testSupervisor({
        ...base,
        workers: writingTeam().workers,
        engine: { leaseMs: 1_000 },
        createEngine: (workflows) => createWorkflowClient({ store: base.store, workflows }),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIGURATION' });
    await expect(
      testSupervisor({ ...base, workers: writingTeam().workers, createEngine: 'worker' as never }),
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIGURATION',
      message: expect.stringContaining('createEngine must be a function'),
    });
  });
});
