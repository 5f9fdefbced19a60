import { readFileSync, rmSync } from 'node:fs';
import { ScriptedModel } from '@agenticflow/agents';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnalystTeam } from './analyst-team.js';
import { type CodeStatsFacts, findFacts } from './facts.js';
import { AUTO_APPROVER, analyseRepository, decideRun } from './run-analysis.js';
import { createTempRepository } from './test/temp-repository.js';

const created: string[] = [];
afterEach(() => {
  for (const path of created.splice(0)) rmSync(path, { recursive: true, force: true });
});

function repository(git: boolean): string {
  const root = createTempRepository({ git });
  created.push(root);
  return root;
}

describe('repo-analyst on a small git repository', () => {
  it('writes a report holding the real counts, the TODO and the commit count', async () => {
    const root = repository(true);
    const outcome = await analyseRepository({ root });
    if (outcome.status !== 'completed') throw new Error(`run stopped: ${outcome.status}`);

    const stats = findFacts(outcome.output.results, 'code-stats') as CodeStatsFacts;
    expect(
      Object.fromEntries(stats.byExtension.map((row) => [row.extension, [row.files, row.lines]])),
    ).toEqual({
      '.ts': [2, 7],
      '.py': [1, 5],
      '.json': [1, 5],
      '(none)': [1, 2],
    });
    const report = readFileSync(outcome.reportPath, 'utf8');
    expect(outcome.reportPath).toBe(`${root}/.agenticflow/reports/${outcome.runId}.md`);
    expect(report).toMatch(/^\| \.ts \| 2 \| 7 \|/m);
    expect(report).toMatch(/^\| \.py \| 1 \| 5 \|/m);
    expect(report).toContain('`src/app.ts:2` TODO: read the operands from argv');
    expect(report).toContain('1 marker(s)');
    expect(report).toContain('2 commits by 1 author(s)');
    expect(report).toMatch(/^\| package\.json \| tiny \| 1\.2\.3 \| no \| 1 \| 0 \| 0 \|$/m);
    expect(report).toContain('approved by repo-analyst (auto-approve)');
    expect(report).not.toContain('build/out.ts');
  });

  it('records every planned task assigned and completed exactly once', async () => {
    const root = repository(true);
    const outcome = await analyseRepository({ root });
    const reopened = await createAnalystTeam({ root });
    try {
      const events = await reopened.supervisor.events(outcome.runId);
      const plan = events.find((event) => event.type === 'supervisor.plan.proposed');
      const taskIds =
        plan?.type === 'supervisor.plan.proposed' ? plan.data.plan.tasks.map((t) => t.id) : [];
      expect(taskIds).toHaveLength(6);
      const count = (type: string) =>
        Object.fromEntries(
          taskIds.map((id) => [
            id,
            events.filter((e) => e.type === type && (e.data as { taskId?: string }).taskId === id)
              .length,
          ]),
        );
      const once = Object.fromEntries(taskIds.map((id) => [id, 1]));
      expect(count('supervisor.task.assigned')).toEqual(once);
      expect(count('supervisor.task.completed')).toEqual(once);
      const approvals = events.filter((event) => event.type === 'supervisor.plan.approved');
      expect(approvals.map((event) => (event.data as { actor?: string }).actor)).toEqual([
        AUTO_APPROVER,
      ]);
      expect(events.some((event) => event.type === 'supervisor.task.failed')).toBe(false);
    } finally {
      await reopened.close();
    }
  });

  it('stops at the gate with manual approval, and finishes when approved from a new team', async () => {
    const root = repository(true);
    const waiting = await analyseRepository({ root, approval: 'manual' });
    expect(waiting.status).toBe('awaiting-approval');
    const lines: string[] = [];
    const finished = await decideRun(
      waiting.runId,
      { approve: 'ada' },
      { root, print: (line) => lines.push(line) },
    );
    if (finished.status !== 'completed') throw new Error(`run ended as ${finished.status}`);
    expect(readFileSync(finished.reportPath, 'utf8')).toContain('approved by ada');
    expect(lines.filter((line) => line.includes('completed by'))).toHaveLength(6);
  });

  it('reports a directory outside git as having no history instead of failing', async () => {
    const root = repository(false);
    const outcome = await analyseRepository({ root });
    if (outcome.status !== 'completed') throw new Error(`run stopped: ${outcome.status}`);
    const report = readFileSync(outcome.reportPath, 'utf8');
    expect(report).toContain('No history: not a git work tree');
    expect(report).toMatch(/^\| \.ts \| 2 \| 7 \|/m);
  });
});

describe('repo-analyst with a model', () => {
  it('plans with the model under its own task ids and puts its summary in the report', async () => {
    const root = repository(true);
    const task = (id: string, capability: string, dependsOn: string[] = []) => ({
      id,
      title: id,
      description: id,
      capabilities: [capability],
      dependsOn,
    });
    const facts = ['loc', 'deps', 'history', 'markers', 'averages'];
    const model = new ScriptedModel({
      name: 'planner-and-writer',
      answers: (request) =>
        request.output
          ? {
              object: {
                tasks: [
                  task('loc', 'code-stats'),
                  task('deps', 'manifests'),
                  task('history', 'git-history'),
                  task('markers', 'todo-scan'),
                  task('averages', 'metrics', ['loc']),
                  task('report', 'write-report', facts),
                ],
              },
            }
          : { text: '- The model says the repository is tiny.' },
    });
    const outcome = await analyseRepository({ root, model });
    if (outcome.status !== 'completed') throw new Error(`run stopped: ${outcome.status}`);
    const report = readFileSync(outcome.reportPath, 'utf8');
    expect(report).toContain('- The model says the repository is tiny.');
    expect(report).toContain('Planned by model scripted:planner-and-writer');
    expect(report).toMatch(/^\| \.ts \| 2 \| 7 \|/m);
    expect(report).toContain('2 commits by 1 author(s)');
    const writerRequest = model.requests.find((request) => !request.output);
    expect(writerRequest?.messages.at(-1)?.content).toContain('"totalFiles":5');
  });
});
