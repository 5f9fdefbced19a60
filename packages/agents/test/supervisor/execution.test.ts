import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import type { TaskPlan } from '../../src/supervisor/task-plan.js';
import { asJson } from './plans.js';
import {
  diamondPlan,
  digPlan,
  hangUntilAborted,
  recordingWorkers,
  testSupervisor,
  writingTeam,
} from './support.js';

describe('supervisor execution', () => {
  it("hands every worker the run's context, and it survives a restart of the supervisor", async () => {
    const { workers, performed } = writingTeam();
    const planner = { template: diamondPlan };
    const first = await testSupervisor({ planner, workers });
    const context = { repository: '/srv/repo', audience: ['board'] };
    const run = await first.start('Write a brief', { context });
    await waitFor(() => first.pendingPlan(run.runId));
    await first.close();

    const second = await testSupervisor({ planner, workers, store: first.store });
    await second.recover();
    await second.approve(run.runId);
    await second.result(run.runId);
    expect(performed).toHaveLength(diamondPlan.tasks.length);
    for (const entry of performed) expect(entry.context.context).toEqual(context);
  });

  it('runs an approved model plan in dependency order, passing results along', async () => {
    const model = new ScriptedModel({ answers: [{ object: asJson(diamondPlan) }] });
    const { workers, performed } = writingTeam();
    const supervisor = await testSupervisor({ planner: { model }, workers });
    const run = await supervisor.start('Write a brief');
    await waitFor(() => supervisor.pendingPlan(run.runId));
    expect(performed).toEqual([]);

    await supervisor.approve(run.runId, { actor: 'ada', comment: 'go' });
    const output = await run.result();

    expect(output.results).toEqual({
      research: 'research by scout',
      draft: 'draft by quill',
      facts: 'facts by scout',
      review: 'review by quill',
    });
    expect(output.assignments).toEqual({
      research: 'scout',
      draft: 'quill',
      facts: 'scout',
      review: 'quill',
    });
    const order = performed.map((entry) => entry.taskId);
    expect(order[0]).toBe('research');
    expect(order.at(-1)).toBe('review');
    expect(performed.find((entry) => entry.taskId === 'draft')?.dependencies).toEqual({
      research: 'research by scout',
    });
    const review = performed.find((entry) => entry.taskId === 'review')!;
    expect(review.dependencies).toEqual({ draft: 'draft by quill', facts: 'facts by scout' });
    expect(review.context.idempotencyKey).toBe(`${run.runId}/review`);
    expect(review.context.goal).toBe('Write a brief');
    expect('context' in review.context).toBe(false);

    const events = await supervisor.events(run.runId);
    expect(events.find((event) => event.type === 'supervisor.plan.approved')?.data).toEqual({
      actor: 'ada',
      comment: 'go',
      edited: false,
    });
    const assigned = events.filter((event) => event.type === 'supervisor.task.assigned');
    expect(assigned.map((event) => event.data)).toContainEqual({
      taskId: 'facts',
      agentId: 'scout',
      escalation: 0,
      taskRunId: `${run.runId}:facts:0`,
    });
    expect(events.filter((event) => event.type === 'supervisor.task.completed')).toHaveLength(4);
  });

  it('runs the plan the approver edited, after validating it', async () => {
    const { workers, performed } = writingTeam();
    const supervisor = await testSupervisor({ planner: { template: diamondPlan }, workers });
    const run = await supervisor.start('Write a brief');
    await waitFor(() => supervisor.pendingPlan(run.runId));

    const cyclic: TaskPlan = {
      tasks: [
        { id: 'a', title: 'A', description: 'a', capabilities: ['write'], dependsOn: ['b'] },
        { id: 'b', title: 'B', description: 'b', capabilities: ['write'], dependsOn: ['a'] },
      ],
    };
    await expectRejectedCode(supervisor.approve(run.runId, { plan: cyclic }), 'PLAN_INVALID');
    const unassignable: TaskPlan = {
      tasks: [{ id: 'a', title: 'A', description: 'a', capabilities: ['paint'], dependsOn: [] }],
    };
    await expectRejectedCode(
      supervisor.approve(run.runId, { plan: unassignable }),
      'TASK_UNASSIGNABLE',
    );
    expect(await supervisor.pendingPlan(run.runId)).toEqual(diamondPlan);

    const edited: TaskPlan = { tasks: [diamondPlan.tasks[0]!] };
    await supervisor.approve(run.runId, { actor: 'ada', plan: edited });
    const output = await run.result();

    expect(output.plan).toEqual(edited);
    expect(output.results).toEqual({ research: 'research by scout' });
    expect(performed.map((entry) => entry.taskId)).toEqual(['research']);
    const events = await supervisor.events(run.runId);
    expect(events.map((event) => event.type).slice(0, 3)).toEqual([
      'supervisor.plan.proposed',
      'supervisor.plan.approved',
      'supervisor.plan.edited',
    ]);
    expect(events[2]?.data).toEqual({ actor: 'ada', plan: edited });
  });

  it('cancels a run at the gate, and one whose tasks are running', async () => {
    const { workers, performed } = recordingWorkers([
      {
        id: 'scout',
        capabilities: ['research'],
        perform: (_, { signal }) => hangUntilAborted(signal),
      },
      { id: 'quill', capabilities: ['write'] },
    ]);
    const supervisor = await testSupervisor({ planner: { template: diamondPlan }, workers });

    const atGate = await supervisor.start('Write a brief');
    await waitFor(() => supervisor.pendingPlan(atGate.runId));
    await supervisor.cancel(atGate.runId, 'not needed');
    await expectRejectedCode(atGate.result(), 'RUN_CANCELLED');
    await expectRejectedCode(supervisor.approve(atGate.runId), 'INVALID_RUN_STATE');

    const busy = await supervisor.start('Write another brief');
    await waitFor(() => supervisor.pendingPlan(busy.runId));
    await supervisor.approve(busy.runId);
    const started = await waitFor(() => performed.find((entry) => entry.taskId === 'research'));
    await supervisor.cancel(busy.runId, 'changed my mind');

    await expectRejectedCode(busy.result(), 'RUN_CANCELLED');
    await waitFor(() => started.context.signal.aborted, { message: 'the worker to be stopped' });
    const taskRun = await waitFor(async () => {
      const run = await supervisor.engine.getRun(`${busy.runId}:research:0`);
      return run.status === 'cancelled' ? run : undefined;
    });
    expect(taskRun.status).toBe('cancelled');
    expect(performed.map((entry) => entry.taskId)).toEqual(['research']);
  });

  it('escalates a task that times out to the next capable worker', async () => {
    const plan = digPlan({ timeoutMs: 100 });
    const { workers, performed } = recordingWorkers([
      {
        id: 'a-slow',
        capabilities: ['research'],
        perform: (_, { signal }) => hangUntilAborted(signal),
      },
      { id: 'b-fast', capabilities: ['research', 'write'] },
    ]);
    const supervisor = await testSupervisor({
      planner: { template: plan },
      workers,
      approval: false,
    });
    const run = await supervisor.start('Dig');

    const output = await run.result();
    expect(output.results).toEqual({ dig: 'dig by b-fast' });
    expect(performed.map((entry) => [entry.agentId, entry.context.escalation])).toEqual([
      ['a-slow', 0],
      ['b-fast', 1],
    ]);
    expect(performed[0]?.context.signal.aborted).toBe(true);
    expect(performed[1]?.context.idempotencyKey).toBe(performed[0]?.context.idempotencyKey);
    const events = (await supervisor.events(run.runId))
      .slice(1)
      .map((event) => [event.type, event.data]);
    expect(events).toEqual([
      [
        'supervisor.task.assigned',
        { taskId: 'dig', agentId: 'a-slow', escalation: 0, taskRunId: `${run.runId}:dig:0` },
      ],
      [
        'supervisor.task.escalated',
        {
          taskId: 'dig',
          fromAgentId: 'a-slow',
          toAgentId: 'b-fast',
          reason: 'timeout',
          timeoutMs: 100,
          taskRunId: `${run.runId}:dig:0`,
        },
      ],
      [
        'supervisor.task.assigned',
        { taskId: 'dig', agentId: 'b-fast', escalation: 1, taskRunId: `${run.runId}:dig:1` },
      ],
      [
        'supervisor.task.completed',
        { taskId: 'dig', agentId: 'b-fast', taskRunId: `${run.runId}:dig:1` },
      ],
    ]);
  });

  it('fails with TASK_ESCALATION_EXHAUSTED when every capable worker times out', async () => {
    const { workers } = recordingWorkers([
      {
        id: 'a-slow',
        capabilities: ['research'],
        perform: (_, { signal }) => hangUntilAborted(signal),
      },
      {
        id: 'b-slow',
        capabilities: ['research'],
        perform: (_, { signal }) => hangUntilAborted(signal),
      },
    ]);
    const supervisor = await testSupervisor({
      planner: {
        template: digPlan(),
      },
      workers,
      approval: false,
      taskTimeoutMs: 50,
    });
    const run = await supervisor.start('Dig');

    const failed = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(failed.cause).toMatchObject({ code: 'TASK_ESCALATION_EXHAUSTED' });
    expect((failed.cause as Error).message).toContain(
      'task dig timed out with every capable worker (a-slow, b-slow)',
    );
    const escalated = (await supervisor.events(run.runId)).filter(
      (event) => event.type === 'supervisor.task.escalated',
    );
    expect(escalated.map((event) => event.data)).toMatchObject([
      { fromAgentId: 'a-slow', toAgentId: 'b-slow' },
      { fromAgentId: 'b-slow', toAgentId: null },
    ]);
  });

  it('fails the run with TASK_FAILED when a worker throws', async () => {
    const { workers } = recordingWorkers([
      {
        id: 'scout',
        capabilities: ['research'],
        perform: async () => {
          throw new Error('source unreachable');
        },
      },
      { id: 'quill', capabilities: ['write'] },
    ]);
    const supervisor = await testSupervisor({
      planner: { template: diamondPlan },
      workers,
      approval: false,
    });
    const run = await supervisor.start('Write a brief');

    const failed = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(failed.cause).toMatchObject({ code: 'TASK_FAILED' });
    expect((failed.cause as Error).message).toContain('worker scout failed task research: ');
    expect((failed.cause as Error).message).toContain('source unreachable');
    const types = (await supervisor.events(run.runId)).map((event) => event.type);
    expect(types).toContain('supervisor.task.failed');
    expect(types).not.toContain('supervisor.task.completed');
  });
});
