import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import type { SupervisorEvent } from '../../src/supervisor/supervisor-events.js';
import { asJson } from './plans.js';
import { diamondPlan, testSupervisor, writingTeam } from './support.js';

const types = (events: SupervisorEvent[]) => events.map((event) => event.type);

describe('supervisor planning', () => {
  it('asks the model for a plan with a JSON schema and holds it at the approval gate', async () => {
    const model = new ScriptedModel({
      name: 'planner',
      answers: [{ object: asJson(diamondPlan) }],
    });
    const supervisor = await testSupervisor({ planner: { model }, workers: writingTeam().workers });
    const run = await supervisor.start('Write a brief', { context: { audience: 'board' } });

    expect(await waitFor(() => supervisor.pendingPlan(run.runId))).toEqual(diamondPlan);
    const request = model.requests[0]!;
    expect(request.output?.schema).toMatchObject({ required: ['tasks'] });
    expect(request.messages[0]?.content).toContain('research, write');
    expect(request.messages[1]?.content).toBe('Goal: Write a brief\nContext: {"audience":"board"}');
    const [proposed] = await supervisor.events(run.runId);
    expect(proposed?.type).toBe('supervisor.plan.proposed');
    expect(proposed?.data).toEqual({
      source: 'model',
      plan: diamondPlan,
      modelId: 'scripted:planner',
      attempts: 1,
    });
  });

  it('sends an invalid plan back to the model once, with the issues, and runs the repaired one', async () => {
    const broken = { tasks: [{ ...diamondPlan.tasks[1]!, dependsOn: ['nowhere'] }] };
    const model = new ScriptedModel({
      answers: [{ object: asJson(broken) }, { object: asJson(diamondPlan) }],
    });
    const supervisor = await testSupervisor({ planner: { model }, workers: writingTeam().workers });
    const run = await supervisor.start('Write a brief');

    expect(await waitFor(() => supervisor.pendingPlan(run.runId))).toEqual(diamondPlan);
    const repair = model.requests[1]!.messages.at(-1)!;
    expect(repair.role).toBe('user');
    expect(repair.content).toContain('tasks.0.dependsOn.0: "nowhere" is not a task of the plan');
    expect(types(await supervisor.events(run.runId))).toEqual([
      'supervisor.plan.invalid',
      'supervisor.plan.proposed',
    ]);
  });

  it('fails the run with PLAN_INVALID when the repaired plan is invalid too', async () => {
    const model = new ScriptedModel({
      answers: [{ object: { tasks: [] } }, { text: 'Sorry, I cannot plan that.' }],
    });
    const { workers, performed } = writingTeam();
    const supervisor = await testSupervisor({ planner: { model }, workers });
    const run = await supervisor.start('Write a brief');

    const failed = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(failed.cause).toMatchObject({ code: 'PLAN_INVALID' });
    expect((failed.cause as Error).message).toContain(
      'the plan from model scripted:model is invalid: (root): the answer holds no JSON plan',
    );
    expect(model.requests).toHaveLength(2);
    expect(performed).toEqual([]);
    expect(types(await supervisor.events(run.runId))).toEqual([
      'supervisor.plan.invalid',
      'supervisor.plan.invalid',
    ]);
  });

  it('plans from a template function without a model, and needs no approval when told so', async () => {
    const { workers, performed } = writingTeam();
    const supervisor = await testSupervisor({
      planner: {
        template: ({ goal }) => ({
          tasks: [
            { id: 'only', title: goal, description: goal, capabilities: ['write'], dependsOn: [] },
          ],
        }),
      },
      workers,
      approval: false,
    });
    const run = await supervisor.start('Say hello');

    const output = await run.result();
    expect(output.results).toEqual({ only: 'only by quill' });
    expect(output.plan.tasks[0]?.title).toBe('Say hello');
    expect(performed.map((entry) => entry.taskId)).toEqual(['only']);
    const [proposed] = await supervisor.events(run.runId);
    expect(proposed?.data).toMatchObject({ source: 'template', attempts: 1 });
  });

  it('fails with TASK_UNASSIGNABLE before approval when no worker offers a capability', async () => {
    const plan = {
      tasks: [
        ...diamondPlan.tasks,
        {
          id: 'chart',
          title: 'Chart',
          description: 'Draw',
          capabilities: ['draw', 'write'],
          dependsOn: [],
        },
      ],
    };
    const { workers, performed } = writingTeam();
    const supervisor = await testSupervisor({ planner: { template: plan }, workers });
    const run = await supervisor.start('Write a brief');

    const failed = await expectRejectedCode(run.result(), 'RUN_FAILED');
    expect(failed.cause).toMatchObject({
      code: 'TASK_UNASSIGNABLE',
      message:
        'no worker can perform chart (needs draw + write); the workers offer: research, write: add a worker with those capabilities, or change the plan',
    });
    expect((await supervisor.engine.getRun(run.runId)).steps.approve).toBeUndefined();
    expect(performed).toEqual([]);
  });
});
