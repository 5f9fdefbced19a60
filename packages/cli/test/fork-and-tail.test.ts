import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { finished, runCli, startCli, waitFor } from './run-cli.js';
import { jsonLines, useTempDirs } from './support.js';

const SLOW_JOB = fileURLToPath(new URL('./fixtures/slow.job.ts', import.meta.url));
const { tempDir } = useTempDirs();

async function streamEvents(cwd: string, runId: string) {
  const tail = await runCli(['events', 'tail', '--stream', `run-${runId}`, '--json'], { cwd });
  expect(tail.code).toBe(0);
  return jsonLines(tail.stdout).filter((event) => event.streamId === `run-${runId}`) as Array<{
    type: string;
    version: number;
    data: { stepId?: string };
  }>;
}

describe('agenticflow fork', () => {
  it('forks a completed run while its second step ran, and resume completes the fork', async () => {
    const cwd = tempDir();
    const run = await runCli(['run', SLOW_JOB], { cwd });
    expect(run.code).toBe(0);
    const runId = /runId: (\S+)/.exec(run.stdout)?.[1] as string;
    const original = await streamEvents(cwd, runId);
    const at = original.find(
      (event) => event.type === 'step.started' && event.data.stepId === 'slow',
    )?.version as number;
    expect(at).toBe(4);

    const fork = await runCli(['fork', runId, '--at', String(at), '--json'], { cwd });
    expect(fork.code).toBe(0);
    const [forked] = jsonLines(fork.stdout);
    expect(forked).toMatchObject({ kind: 'fork', runId, atVersion: at });
    const forkId = forked.forkId as string;
    expect(forkId).not.toBe(runId);

    const resumed = await runCli(['resume', forkId], { cwd });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('1 step(s) already completed: first');
    expect(resumed.stdout).toContain(`run ${forkId} completed`);

    const events = await streamEvents(cwd, forkId);
    expect(events.slice(0, at).map((event) => event.type)).toEqual(
      original.slice(0, at).map((event) => event.type),
    );
    expect(events[at]?.type).toBe('step.interrupted');
    const completedSteps = events
      .filter((event) => event.type === 'step.completed')
      .map((event) => event.data.stepId);
    expect(completedSteps).toEqual(['first', 'slow', 'last']);
    expect(events.at(-1)?.type).toBe('run.completed');
    const inspect = await runCli(['inspect', forkId, '--json'], { cwd });
    expect(jsonLines(inspect.stdout)[0].run.status).toBe('completed');
  });
});

describe('agenticflow events tail --follow', () => {
  it('prints the events another process appends after it started, and exits 0 on SIGINT', async () => {
    const cwd = tempDir();
    const before = await runCli(['run', SLOW_JOB], { cwd });
    const beforeId = /runId: (\S+)/.exec(before.stdout)?.[1] as string;
    const tail = startCli(['events', 'tail', '--follow', '--type', 'run.'], { cwd });
    await waitFor(() => tail.output().includes(`run-${beforeId}@`));
    expect(tail.output()).toMatch(new RegExp(`run-${beforeId}@\\d+ run\\.completed`));

    const after = await runCli(['run', SLOW_JOB], { cwd });
    expect(after.code).toBe(0);
    const afterId = /runId: (\S+)/.exec(after.stdout)?.[1] as string;
    await waitFor(() => new RegExp(`run-${afterId}@\\d+ run\\.completed`).test(tail.output()));
    expect(tail.output()).toMatch(new RegExp(`run-${afterId}@1 run\\.started`));
    expect(tail.output()).not.toContain('step.');

    tail.kill('SIGINT');
    const ended = await finished(tail);
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(0);
  });
});
