import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@agenticflow/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../src/index.js';
import { SIX_STEPS } from './fixtures/six-steps.js';
import { printed, runFixture } from './run-fixture.js';

const runner = new URL('./fixtures/crash-runner.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'af-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  readonly snapshot: RunSnapshot;
}

/** Runs the crash runner; `'killed'` when it was SIGKILLed on `killOn`, else its final snapshot. */
async function runRunner(
  args: string[],
  env: Record<string, string>,
  killOn?: string,
): Promise<Outcome | 'killed'> {
  const exit = await runFixture(runner, args, env, killOn);
  return exit.killed ? 'killed' : { snapshot: printed<RunSnapshot>(exit, 'RESULT') };
}

function executions(log: string, runId: string): Map<string, number> {
  const counts = new Map<string, number>();
  const text = (() => {
    try {
      return readFileSync(log, 'utf8');
    } catch {
      return '';
    }
  })();
  for (const line of text.split('\n')) {
    const [id, stepId] = line.split(' ');
    if (id === runId && stepId) counts.set(stepId, (counts.get(stepId) ?? 0) + 1);
  }
  return counts;
}

/** What a run looks like at the end, without timings and worker ids. */
function essence(snapshot: RunSnapshot) {
  return {
    status: snapshot.status,
    output: snapshot.output,
    steps: Object.fromEntries(
      Object.entries(snapshot.steps).map(([id, step]) => [
        id,
        { status: step.status, output: step.output },
      ]),
    ),
  };
}

describe('a six-step run killed with SIGKILL and resumed by a new process (SQLite)', () => {
  let reference: ReturnType<typeof essence>;

  it('completes uninterrupted (the reference)', async () => {
    const runId = newId();
    const db = join(dir, `reference-${runId}.db`);
    const outcome = await runRunner(['start', db, runId], {
      AF_EXECUTIONS_LOG: join(dir, 'reference.log'),
    });
    if (outcome === 'killed') throw new Error('the reference run was killed');
    reference = essence(outcome.snapshot);
    expect(reference.status).toBe('completed');
    expect(reference.output).toEqual({ s6: 123456 });
  });

  for (let completed = 0; completed < SIX_STEPS.length; completed++) {
    const inFlight = SIX_STEPS[completed]!;
    it(`resumes after a kill inside ${inFlight} (${completed} steps done) without running a completed step again`, async () => {
      const runId = newId();
      const db = join(dir, `kill-${runId}.db`);
      const log = join(dir, `kill-${runId}.log`);
      expect(
        await runRunner(
          ['start', db, runId],
          { AF_EXECUTIONS_LOG: log, AF_BLOCK_AT: inFlight },
          'BLOCKED',
        ),
      ).toBe('killed');
      const resumed = await runRunner(['resume', db, runId], { AF_EXECUTIONS_LOG: log });
      if (resumed === 'killed') throw new Error('the resumed run was killed');
      expect(essence(resumed.snapshot)).toEqual(reference);
      const counts = executions(log, runId);
      for (const [index, stepId] of SIX_STEPS.entries()) {
        expect(counts.get(stepId), `executions of ${stepId}`).toBe(index === completed ? 2 : 1);
      }
      expect(resumed.snapshot.steps[inFlight]?.attempt).toBe(2);
    });
  }

  for (let completed = 0; completed < SIX_STEPS.length; completed++) {
    const hung = SIX_STEPS[completed]!;
    it(`resumes after a kill between ${hung} finishing and its completion being stored`, async () => {
      const runId = newId();
      const db = join(dir, `hang-${runId}.db`);
      const log = join(dir, `hang-${runId}.log`);
      expect(
        await runRunner(
          ['start', db, runId],
          { AF_EXECUTIONS_LOG: log, AF_HANG_COMMIT_OF: hung },
          'HANGING',
        ),
      ).toBe('killed');
      const resumed = await runRunner(['resume', db, runId], { AF_EXECUTIONS_LOG: log });
      if (resumed === 'killed') throw new Error('the resumed run was killed');
      expect(essence(resumed.snapshot)).toEqual(reference);
      const counts = executions(log, runId);
      for (const [index, stepId] of SIX_STEPS.entries()) {
        expect(counts.get(stepId), `executions of ${stepId}`).toBe(index === completed ? 2 : 1);
      }
    });
  }

  it('does nothing more when the killed process had already completed the run', async () => {
    const runId = newId();
    const db = join(dir, `done-${runId}.db`);
    const log = join(dir, `done-${runId}.log`);
    await runRunner(['start', db, runId], { AF_EXECUTIONS_LOG: log });
    const resumed = await runRunner(['resume', db, runId], { AF_EXECUTIONS_LOG: log });
    if (resumed === 'killed') throw new Error('the resumed run was killed');
    expect(essence(resumed.snapshot)).toEqual(reference);
    expect([...executions(log, runId).values()]).toEqual([1, 1, 1, 1, 1, 1]);
  });
});
