import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import type { SupervisorEvent } from '../../src/supervisor/supervisor-events.js';
import type { TaskPlan } from '../../src/supervisor/task-plan.js';
import { validatePlan } from '../../src/supervisor/validate-plan.js';
import {
  diamondPlan,
  digPlan,
  hangUntilAborted,
  recordingWorkers,
  testSupervisor,
  writingTeam,
} from './support.js';

/** The diamond with its draft marked for approval. */
const gatedDraft: TaskPlan = {
  tasks: diamondPlan.tasks.map((task) =>
    task.id === 'draft' ? { ...task, requiresApproval: true } : task,
  ),
};

const approvalEvents = (events: SupervisorEvent[]) =>
  events
    .filter(
      (event) =>
        event.type.startsWith('supervisor.task.a') && event.type !== 'supervisor.task.assigned',
    )
    .map((event) => [event.type, event.data]);

describe('task approval', () => {
  it('holds a task marked requiresApproval until a person approves it, and records who did', async () => {
    const { workers, performed } = writingTeam();
    const supervisor = await testSupervisor({
      planner: { template: gatedDraft },
      workers,
      approval: false,
    });
    const run = await supervisor.start('Write a brief');

    const [pending] = await waitFor(async () => {
      const list = await supervisor.pendingTaskApprovals(run.runId);
      return list.length > 0 ? list : undefined;
    });
    expect(pending).toMatchObject({
      taskId: 'draft',
      agentId: 'quill',
      taskRunId: `${run.runId}:draft:0`,
      task: { id: 'draft', requiresApproval: true },
    });
    // The tasks beside it go on; the gated one and what depends on it wait.
    await waitFor(() => performed.some((entry) => entry.taskId === 'facts'));
    expect(performed.map((entry) => entry.taskId).sort()).toEqual(['facts', 'research']);

    await supervisor.approveTask(run.runId, 'draft', { actor: 'ada', comment: 'go ahead' });
    const output = await run.result();
    expect(Object.keys(output.results).sort()).toEqual(['draft', 'facts', 'research', 'review']);
    expect(await supervisor.pendingTaskApprovals(run.runId)).toEqual([]);
    expect(approvalEvents(await supervisor.events(run.runId))).toEqual([
      [
        'supervisor.task.awaiting-approval',
        { taskId: 'draft', agentId: 'quill', taskRunId: `${run.runId}:draft:0` },
      ],
      [
        'supervisor.task.approved',
        { taskId: 'draft', taskRunId: `${run.runId}:draft:0`, actor: 'ada', comment: 'go ahead' },
      ],
    ]);
  });

  it('asks by policy (requireTaskApproval), and refuses to approve a task that is not waiting', async () => {
    const { workers } = writingTeam();
    const supervisor = await testSupervisor({
      planner: { template: diamondPlan },
      workers,
      approval: false,
      requireTaskApproval: (task) => task.capabilities.includes('write'),
    });
    const run = await supervisor.start('Write a brief');
    await waitFor(async () => (await supervisor.pendingTaskApprovals(run.runId)).length > 0);
    await expectRejectedCode(supervisor.approveTask(run.runId, 'review'), 'INVALID_RUN_STATE');
    await expectRejectedCode(supervisor.approveTask(run.runId, 'facts'), 'INVALID_RUN_STATE');
    await supervisor.approveTask(run.runId, 'draft');
    await expectRejectedCode(supervisor.approveTask(run.runId, 'draft'), 'INVALID_RUN_STATE');
    await waitFor(async () =>
      (await supervisor.pendingTaskApprovals(run.runId)).some((entry) => entry.taskId === 'review'),
    );
    await supervisor.approveTask(run.runId, 'review', { actor: 'bo' });
    await run.result();
    const approved = approvalEvents(await supervisor.events(run.runId)).filter(
      ([type]) => type === 'supervisor.task.approved',
    );
    expect(approved.map(([, data]) => (data as { taskId: string }).taskId)).toEqual([
      'draft',
      'review',
    ]);
  });

  it('keeps a waiting task across a restart, and approves it from the new process', async () => {
    const first = writingTeam();
    const planner = { template: gatedDraft };
    // A short lease: the new process takes the interrupted execute step over once it lapses.
    const engine = { leaseMs: 300 };
    const before = await testSupervisor({
      planner,
      workers: first.workers,
      approval: false,
      engine,
    });
    const run = await before.start('Write a brief');
    await waitFor(async () => (await before.pendingTaskApprovals(run.runId)).length > 0);
    await before.close(0);

    const second = writingTeam();
    const after = await testSupervisor({
      planner,
      workers: second.workers,
      approval: false,
      engine,
      store: before.store,
    });
    await after.recover();
    expect((await after.pendingTaskApprovals(run.runId)).map((entry) => entry.taskId)).toEqual([
      'draft',
    ]);
    await after.approveTask(run.runId, 'draft', { actor: 'ada' });
    await after.result(run.runId);
    expect(second.performed.map((entry) => entry.taskId)).toContain('draft');
    expect(first.performed.map((entry) => entry.taskId)).not.toContain('draft');
  });

  it('asks once: a task escalated after its approval goes to the next worker without a new gate', async () => {
    const plan = digPlan({ timeoutMs: 100, requiresApproval: true });
    const { workers, performed } = recordingWorkers([
      {
        id: 'a-slow',
        capabilities: ['research'],
        perform: (_, { signal }) => hangUntilAborted(signal),
      },
      { id: 'b-fast', capabilities: ['research'] },
    ]);
    const supervisor = await testSupervisor({
      planner: { template: plan },
      workers,
      approval: false,
    });
    const run = await supervisor.start('Dig');
    await waitFor(async () => (await supervisor.pendingTaskApprovals(run.runId)).length > 0);
    await supervisor.approveTask(run.runId, 'dig');
    expect((await run.result()).results).toEqual({ dig: 'dig by b-fast' });
    expect(performed.map((entry) => entry.agentId)).toEqual(['a-slow', 'b-fast']);
  });

  it('validates requiresApproval as a boolean', () => {
    const checked = validatePlan({
      tasks: [{ ...diamondPlan.tasks[0]!, requiresApproval: 'yes' }],
    });
    expect(checked.ok).toBe(false);
    expect(JSON.stringify(checked)).toContain('must be true or false');
  });
});
