import { InMemoryEventBus } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runStreamId, type WorkflowEngine, workflow } from '../../src/index.js';
import { ofType, setup } from '../support/harness.js';

/** `first` done by a worker that is gone; `second` ready and not started: a run stopped between steps. */
function stoppedBetweenSteps() {
  const executions: Array<{ stepId: string; attempt: number }> = [];
  const definition = workflow('between')
    .step('first', { run: () => 'unused' })
    .step('second', {
      dependsOn: ['first'],
      run: async (ctx) => {
        executions.push({ stepId: ctx.stepId, attempt: ctx.attempt });
        // Long enough for a takeover to meet the attempt while it runs.
        await new Promise((resolve) => setTimeout(resolve, 20));
        return `${ctx.deps.first} then second`;
      },
    })
    .build();
  return { definition, executions };
}

async function writeStoppedRun(world: ReturnType<typeof setup>, runId: string): Promise<void> {
  await world.store.append(
    runStreamId(runId),
    [
      { type: 'run.started', data: { workflow: 'between', workflowVersion: 1, input: null } },
      {
        type: 'step.started',
        data: { stepId: 'first', attempt: 1, workerId: 'gone', leaseExpiresAt: 1 },
      },
      {
        type: 'step.completed',
        data: { stepId: 'first', attempt: 1, output: 'first', durationMs: 1 },
      },
    ],
    { expectedVersion: 'no_stream' },
  );
}

describe('resumeRun({ takeOver: true })', () => {
  const engines: Array<
    [string, (world: ReturnType<typeof setup>, definition: never) => Promise<WorkflowEngine>]
  > = [
    ['an engine', (world, definition) => world.engine([definition])],
    [
      'a bus worker',
      (world, definition) => {
        const bus = new InMemoryEventBus();
        onTestFinished(() => bus.close());
        return world.worker([definition], bus);
      },
    ],
  ];

  for (const [label, open] of engines) {
    it(`on ${label}, runs the step a run stopped before once, interrupting nothing`, async () => {
      const { definition, executions } = stoppedBetweenSteps();
      const world = setup();
      await writeStoppedRun(world, 'between-1');
      const engine = await open(world, definition as never);

      await engine.resumeRun('between-1', { takeOver: true });

      expect(await engine.result('between-1')).toEqual({ second: 'first then second' });
      expect(executions).toEqual([{ stepId: 'second', attempt: 1 }]);
      expect(ofType(await world.events('between-1'), 'step.interrupted')).toEqual([]);
    });
  }
});

describe('a newer attempt on the worker still running an interrupted one', () => {
  it('aborts the old attempt and runs the new one', async () => {
    const attempts: Array<{ attempt: number; aborted: () => boolean }> = [];
    const definition = workflow('between')
      .step('first', { run: () => 'unused' })
      .step('second', {
        dependsOn: ['first'],
        run: (ctx) => {
          attempts.push({ attempt: ctx.attempt, aborted: () => ctx.signal.aborted });
          // The first attempt hangs and ignores its signal.
          return ctx.attempt === 1 ? new Promise<string>(() => {}) : 'second, at last';
        },
      })
      .build();
    const world = setup();
    await writeStoppedRun(world, 'between-2');
    const bus = new InMemoryEventBus();
    onTestFinished(() => bus.close());
    const worker = await world.worker([definition], bus);
    await worker.resumeRun('between-2');
    await waitFor(() => attempts.length === 1, { message: 'the first attempt' });

    // Another process interrupts the attempt and schedules the next, which comes back here.
    const version = (await world.events('between-2')).length;
    await world.store.append(
      runStreamId('between-2'),
      [
        { type: 'step.interrupted', data: { stepId: 'second', attempt: 1, reason: 'taken-over' } },
        { type: 'step.scheduled', data: { stepId: 'second', attempt: 2 } },
      ],
      { expectedVersion: version },
    );
    await bus.publish('workflows.step.between', {
      payload: { runId: 'between-2', stepId: 'second', attempt: 2 },
    });

    expect(await worker.result('between-2')).toEqual({ second: 'second, at last' });
    expect(attempts.map((attempt) => [attempt.attempt, attempt.aborted()])).toEqual([
      [1, true],
      [2, false],
    ]);
  });
});
