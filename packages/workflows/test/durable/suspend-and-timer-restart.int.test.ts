import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@agenticflow/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunSnapshot } from '../../src/index.js';
import { printed, printedWords, runFixture } from './run-fixture.js';

const runner = new URL('./fixtures/approval-runner.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'af-approval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an approval run across process restarts (SQLite)', () => {
  it('stays suspended on an invalid payload, resumes on a valid one, and its timer fires once after a kill', async () => {
    const runId = newId();
    const db = join(dir, `${runId}.db`);

    const started = await runFixture(runner, ['start', db, runId]);
    expect(printedWords(started, 'SUSPENDED')).toEqual(['suspended']);

    const rejected = await runFixture(runner, [
      'resume',
      db,
      runId,
      JSON.stringify({ approved: 'yes' }),
    ]);
    expect(printedWords(rejected, 'REJECTED')).toEqual(['VALIDATION_FAILED', 'suspended']);

    // A new process approves; it is killed while the 400 ms cooldown timer is pending.
    const approving = await runFixture(
      runner,
      ['resume', db, runId, JSON.stringify({ approved: true, by: 'ada' })],
      {},
      'SLEEPING',
    );
    expect(approving.killed).toBe(true);

    // A third process finds the run unfinished, arms the stored timer again, and completes it.
    const recovered = await runFixture(runner, ['recover', db, runId]);
    const { snapshot, fired } = printed<{ snapshot: RunSnapshot; fired: number }>(
      recovered,
      'RESULT',
    );
    expect(snapshot.status).toBe('completed');
    expect(snapshot.steps.approve?.output).toEqual({ approved: true, by: 'ada' });
    expect(snapshot.steps.s2?.output).toBe('published after approval by ada');
    expect(fired).toBe(1);
  });
});
