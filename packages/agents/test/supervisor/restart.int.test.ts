import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgenticEvent, collect, newId } from '@agenticflow/core';
import { createSqliteEventStore } from '@agenticflow/storage-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { SupervisorOutput } from '../../src/supervisor/execute-plan.js';
import { readSupervisorEvents } from '../../src/supervisor/supervisor-events.js';
import { startFixture } from '../support/child-process.js';
import { diamondPlan } from './plans.js';

const fixture = new URL('./fixtures/supervisor-process.ts', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'af-supervisor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runUntil(argument: object, prefix: string, kill: boolean): Promise<string> {
  const child = startFixture(fixture, argument);
  try {
    const line = await child.line(prefix, 30_000);
    if (kill) child.process.kill('SIGKILL');
    const exit = await child.exited;
    if (!kill && exit.code !== 0)
      throw new Error(`fixture exited with ${exit.code}:\n${child.output()}`);
    return line;
  } finally {
    child.process.kill('SIGKILL');
  }
}

/** Every event of the supervisor run and of its assignment runs. */
async function history(db: string, runId: string) {
  const store = await createSqliteEventStore({ filename: db });
  try {
    const supervisorEvents = await readSupervisorEvents(store, runId);
    const taskRuns: Record<string, AgenticEvent[]> = {};
    for (const event of supervisorEvents)
      if (event.type === 'supervisor.task.assigned')
        taskRuns[event.data.taskRunId] = await collect(
          store.readStream(`run-${event.data.taskRunId}`),
        );
    return { supervisorEvents, taskRuns };
  } finally {
    await store.close();
  }
}

const count = (events: readonly AgenticEvent[], type: string) =>
  events.filter((event) => event.type === type).length;

describe('a supervisor run across process restarts (SQLite)', () => {
  it('stops at the gate in one process and completes every task once in another', async () => {
    const runId = newId();
    const db = join(dir, `${runId}.db`);

    const gated = await runUntil({ mode: 'start', db, runId }, 'GATED ', true);
    const result = await runUntil({ mode: 'approve', db, runId }, 'RESULT ', false);

    const output = JSON.parse(result) as SupervisorOutput;
    expect(Object.keys(output.results).sort()).toEqual(['draft', 'facts', 'research', 'review']);
    expect(output.results.review).toMatch(/^review by quill in \d+ after draft\+facts$/);
    expect(output.results.review).not.toContain(` in ${gated} `);
    const { supervisorEvents, taskRuns } = await history(db, runId);
    const types = supervisorEvents.map((event) => event.type);
    expect(types.slice(0, 2)).toEqual(['supervisor.plan.proposed', 'supervisor.plan.approved']);
    expect(count(supervisorEvents as AgenticEvent[], 'supervisor.task.assigned')).toBe(4);
    expect(count(supervisorEvents as AgenticEvent[], 'supervisor.task.completed')).toBe(4);
    expect(Object.keys(taskRuns).sort()).toEqual(
      diamondPlan.tasks.map((task) => `${runId}:${task.id}:0`).sort(),
    );
    for (const events of Object.values(taskRuns)) {
      expect(count(events, 'step.started')).toBe(1);
      expect(count(events, 'step.completed')).toBe(1);
    }
  });

  it('resumes after a crash mid-execution without redoing completed tasks', async () => {
    const runId = newId();
    const db = join(dir, `${runId}.db`);

    await runUntil({ mode: 'start', db, runId }, 'GATED ', true);
    await runUntil({ mode: 'approve', db, runId, hang: 'draft' }, 'WORKING draft', true);
    const result = await runUntil({ mode: 'recover', db, runId }, 'RESULT ', false);

    const output = JSON.parse(result) as SupervisorOutput;
    expect(output.results.review).toMatch(/^review by quill in \d+ after draft\+facts$/);
    const { supervisorEvents, taskRuns } = await history(db, runId);
    expect(count(supervisorEvents as AgenticEvent[], 'supervisor.task.completed')).toBe(4);
    expect(count(supervisorEvents as AgenticEvent[], 'supervisor.task.assigned')).toBe(4);
    // research finished before the crash: it ran once. draft was taken over and ran again.
    const research = taskRuns[`${runId}:research:0`]!;
    expect(count(research, 'step.started')).toBe(1);
    expect(count(research, 'step.completed')).toBe(1);
    const draft = taskRuns[`${runId}:draft:0`]!;
    expect(count(draft, 'step.interrupted')).toBe(1);
    expect(count(draft, 'step.completed')).toBe(1);
    for (const events of Object.values(taskRuns)) expect(count(events, 'step.completed')).toBe(1);
  });
});
