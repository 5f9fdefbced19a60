import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { finished, runCli, startCli, waitFor } from './run-cli.js';
import { ANALYST_JOB, expectRealReport, jsonLines, useTempDirs } from './support.js';

const SLOW_JOB = fileURLToPath(new URL('./fixtures/slow.job.ts', import.meta.url));
const GATED_JOB = fileURLToPath(new URL('./fixtures/gated-supervisor.job.ts', import.meta.url));
const LEAKY_JOB = fileURLToPath(new URL('./fixtures/leaky.job.ts', import.meta.url));
const { tempDir, tempRepository } = useTempDirs();

describe('agenticflow run', () => {
  it('runs the repo-analyst job on a small git repository and writes a report with its real counts', async () => {
    const repo = tempRepository();
    const cwd = tempDir();
    const result = await runCli(['run', ANALYST_JOB, '--', repo], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const runId = /runId: (\S+)/.exec(result.stdout)?.[1];
    expect(result.stdout).toContain(`run ${runId} completed`);
    expectRealReport(cwd, runId as string);
    const inspected = await runCli(['inspect', runId as string, '--json'], { cwd });
    const [view] = jsonLines(inspected.stdout);
    expect(view.run.status).toBe('completed');
    expect(view.tasks.map((task: { state: string }) => task.state)).toEqual(
      Array(6).fill('completed'),
    );
  });

  it('resumes a run killed mid-step without running completed steps again', async () => {
    const cwd = tempDir();
    const child = startCli(['run', SLOW_JOB, '--json'], { cwd, env: { SLOW_MS: '60000' } });
    await waitFor(() => /"type":"step\.started".*"stepId":"slow"/.test(child.output()));
    child.kill('SIGKILL');
    await finished(child);
    const runId = jsonLines(child.output())[0].runId as string;
    const resumed = await runCli(['resume', runId], { cwd });
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('1 step(s) already completed: first');
    const tail = await runCli(
      ['events', 'tail', '--stream', `run-${runId}`, '--type', 'step.completed', '--json'],
      { cwd },
    );
    const completed = jsonLines(tail.stdout).map((event) => event.data.stepId);
    expect(completed.sort()).toEqual(['first', 'last', 'slow']);
    const replay = await runCli(['replay', runId, '--to', '3', '--json'], { cwd });
    const [state] = jsonLines(replay.stdout);
    expect(state.run.version).toBe(3);
    expect(state.run.status).toBe('running');
    const inspect = await runCli(['inspect', runId], { cwd });
    expect(inspect.stdout).toMatch(/slow\s+completed/);
    expect(inspect.stdout).toContain('step.interrupted');
  });

  it('lets a second process approve a supervisor task waiting at its gate (--task)', async () => {
    const cwd = tempDir();
    const child = startCli(['run', GATED_JOB], { cwd });
    await waitFor(() => /runId: \S+/.test(child.output()));
    const runId = /runId: (\S+)/.exec(child.output())?.[1] as string;
    const publishState = async () => {
      const [view] = jsonLines((await runCli(['inspect', runId, '--json'], { cwd })).stdout);
      return view?.tasks?.find((task: { id: string }) => task.id === 'publish')?.state;
    };
    for (let waited = 0; (await publishState()) !== 'awaiting-approval'; waited += 100) {
      if (waited > 30_000) throw new Error('the publish task never reached its gate');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const without = await runCli(['approve', runId], { cwd });
    expect(without.code).not.toBe(0);
    expect(without.stderr).toContain('pass --task <taskId>');

    const approve = await runCli(['approve', runId, '--task', 'publish', '--actor', 'ada'], {
      cwd,
    });
    expect(approve.stderr).toBe('');
    expect(approve.stdout).toContain(`run ${runId}: task publish approved by ada`);
    const result = await finished(child);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`run ${runId} completed`);
    expect(await publishState()).toBe('completed');
    const approved = await runCli(
      [
        'events',
        'tail',
        '--stream',
        `run-${runId}`,
        '--type',
        'supervisor.task.approved',
        '--json',
      ],
      { cwd },
    );
    expect(jsonLines(approved.stdout).map((event) => event.data)).toEqual([
      { taskId: 'publish', taskRunId: `${runId}:publish:0`, actor: 'ada' },
    ]);
  });

  it('lets a second process approve a run waiting at its gate', async () => {
    const cwd = tempDir();
    const child = startCli(['run', SLOW_JOB, '--', 'gate'], { cwd });
    await waitFor(() => child.output().includes('waiting for approval'));
    const runId = /runId: (\S+)/.exec(child.output())?.[1] as string;
    const approve = await runCli(['approve', runId, '--actor', 'ada', '--comment', 'fine'], {
      cwd,
    });
    expect(approve.stdout).toContain('approved by ada');
    const result = await finished(child);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`run ${runId} completed`);
    const again = await runCli(['approve', runId], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('has no step waiting for approval');
  });
});

describe('secrets in the event log', () => {
  it("keeps the providers' API keys and the configured variables out of the stored events", async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'agenticflow.config.json'),
      JSON.stringify({ secretEnv: ['DEPLOY_TOKEN'] }),
    );
    const env = { OPENAI_API_KEY: 'sk-cli-test-5d1e9f04', DEPLOY_TOKEN: 'dpl-77f0a3c9e1' };
    const run = await runCli(['run', LEAKY_JOB, '--json'], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const events = await runCli(['events', 'tail', '--json'], { cwd });
    const called = jsonLines(events.stdout).find((event) => event.type === 'api.called');
    expect(called.data).toEqual({ header: 'Bearer [REDACTED]', token: '[REDACTED]' });
    expect(events.stdout).toContain('called with [REDACTED] and [REDACTED]');
    // Nowhere in the database files either.
    for (const file of ['events.db', 'events.db-wal']) {
      const path = join(cwd, '.agenticflow', file);
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path).toString('latin1');
      for (const secret of Object.values(env)) expect(bytes).not.toContain(secret);
    }
    const show = await runCli(['config', 'show', '--json'], { cwd, env });
    expect(JSON.parse(show.stdout).secretEnv).toEqual([
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'GOOGLE_GENERATIVE_AI_API_KEY',
      'OPENAI_COMPATIBLE_API_KEY',
      'DEPLOY_TOKEN',
    ]);
    for (const secret of Object.values(env)) expect(show.stdout).not.toContain(secret);
  });
});

describe('errors and checks', () => {
  it('exits 2 with a clear message on an unknown flag, a bad value and a broken config', async () => {
    const cwd = tempDir();
    const flag = await runCli(['run', 'x.ts', '--bogus'], { cwd });
    expect([flag.code, flag.stderr]).toEqual([
      2,
      expect.stringContaining("unknown option '--bogus'"),
    ]);
    const value = await runCli(['replay', 'r', '--to', 'abc'], { cwd });
    expect([value.code, value.stderr]).toEqual([
      2,
      expect.stringContaining('got "abc", expected an integer >= 1'),
    ]);
    writeFileSync(
      join(cwd, 'agenticflow.config.json'),
      '{"store":"mysql://x","worker":{"concurrency":0}}',
    );
    const config = await runCli(['config', 'validate'], { cwd });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('store: got "mysql://x", expected a store URL');
    expect(config.stderr).toContain('worker.concurrency: got 0, expected an integer >= 1');
    const missing = await runCli(['run', 'nope.ts'], { cwd: tempDir() });
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringContaining('job file nope.ts does not exist'),
    ]);
  });

  it('doctor passes here and fails clearly on an unreachable PostgreSQL store', async () => {
    const cwd = tempDir();
    const ok = await runCli(['doctor'], { cwd });
    expect(ok.stdout).toContain('✓ store');
    expect(ok.code).toBe(0);
    const bad = await runCli(['doctor', '--store', 'postgres://127.0.0.1:1/x'], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /✗ store: could not connect to PostgreSQL at postgres:\/\/127\.0\.0\.1:1\/x/,
    );
  });

  it('config show redacts passwords and names where each value came from', async () => {
    const shown = await runCli(
      ['config', 'show', '--store', 'postgres://ada:secret@db:5432/x', '--json'],
      {
        cwd: tempDir(),
        env: { AGENTICFLOW_PROFILE: 'testing' },
      },
    );
    const [config] = jsonLines(shown.stdout);
    expect(config.store.url).toBe('postgres://ada:***@db:5432/x');
    expect(config.sources).toMatchObject({
      store: 'flag --store',
      profile: 'env AGENTICFLOW_PROFILE',
    });
  });
});
