import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  servicesRequired,
  testServiceUrls,
  uniqueToken,
  unreachableReason,
} from '@agenticflow/conformance';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { finished, runCli, startCli, waitFor } from './run-cli.js';
import { ANALYST_JOB, expectRealReport, jsonLines, useTempDirs } from './support.js';

const { tempRepository } = useTempDirs();
const SPREAD_JOB = fileURLToPath(new URL('./fixtures/spread.job.ts', import.meta.url));
const { postgres, nats } = testServiceUrls;
const skip = (await unreachableReason(postgres)) ?? (await unreachableReason(nats));
if (skip && servicesRequired())
  throw new Error(`AF_REQUIRE_SERVICES=1 but PostgreSQL or NATS is unreachable: ${skip}`);
if (skip) console.warn(`skipping the CLI's PostgreSQL and NATS tests: ${skip}`);

const token = uniqueToken('').toLowerCase().slice(-16);
const schemas: string[] = [];
const streams: string[] = [];
const dirs: string[] = [];

/** A working directory whose config puts the store in a fresh schema and the bus on its own stream. */
function project(label: string, settings: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `agenticflow-${label}-`));
  dirs.push(dir);
  const postgresSchema = `af_cli_${label}_${token}`;
  const busPrefix = `AF_CLI_${label.toUpperCase()}_${token}`;
  schemas.push(postgresSchema);
  streams.push(busPrefix);
  writeFileSync(
    join(dir, 'agenticflow.config.json'),
    JSON.stringify({ postgresSchema, busPrefix, ...settings }),
  );
  return dir;
}

afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  if (skip) return;
  const client = new pg.Client({ connectionString: postgres });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  const nc = await connect({ servers: nats, timeout: 2_000 });
  const jsm = await jetstreamManager(nc);
  for (const stream of streams) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
});

describe.skipIf(Boolean(skip))('agenticflow on PostgreSQL and NATS', () => {
  it('migrate applies the migrations to a fresh schema once, then is a no-op', async () => {
    const cwd = project('migrate');
    const first = await runCli(['migrate', '--store', postgres], { cwd });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(`^applied \\d+ migration\\(s\\) to .*\\(schema af_cli_migrate_${token}\\): 0001-`),
    );
    const again = await runCli(['migrate', '--store', postgres, '--json'], { cwd });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ kind: 'migrate', applied: [] });
    const client = new pg.Client({ connectionString: postgres });
    await client.connect();
    const { rows } = await client.query(
      'SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1',
      [`af_cli_migrate_${token}`],
    );
    await client.end();
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('runs a job whose steps an agenticflow worker process shares, to completion', async () => {
    // One step at a time per process, so the steps the run process is busy with go to the worker.
    const cwd = project('run', { worker: { concurrency: 1 } });
    const flags = ['--store', postgres, '--bus', nats];
    expect((await runCli(['migrate', ...flags], { cwd })).code).toBe(0);
    const worker = startCli(['worker', '--job', SPREAD_JOB, ...flags, '--json'], { cwd });
    try {
      await waitFor(() => worker.output().includes('"status":"ready"'));
      const run = await runCli(['run', SPREAD_JOB, ...flags, '--json'], { cwd });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const result = lines.find((line) => line.kind === 'result');
      expect(result).toMatchObject({ status: 'completed', output: { sum: 21 } });
      const tail = await runCli(
        [
          ...['events', 'tail', '--stream', `run-${result.runId}`, '--type', 'step.completed'],
          ...[...flags, '--json'],
        ],
        { cwd },
      );
      expect(tail.stdout).toContain('step.completed');
      const parts = tail.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).data)
        .filter((data) => data.stepId.startsWith('part['));
      expect(parts).toHaveLength(6);
      const pids = new Set(parts.map((data) => data.output.pid));
      expect(pids).toContain(worker.pid);
    } finally {
      worker.kill('SIGTERM');
      const stopped = await finished(worker);
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toContain('"status":"stopped"');
    }
  });
  it('runs the main job on a worker process: the run is started, stopped at its gate, and approved elsewhere', async () => {
    const cwd = project('analyst');
    const repo = tempRepository();
    const flags = ['--store', postgres, '--bus', nats];
    expect((await runCli(['migrate', ...flags], { cwd })).code).toBe(0);
    // The process that started the run stops at the approval gate, and is gone.
    const starter = startCli(['run', ANALYST_JOB, ...flags, '--', repo, '--manual-approval'], {
      cwd,
    });
    await waitFor(() => starter.output().includes('waiting for approval'));
    const runId = /runId: (\S+)/.exec(starter.output())?.[1] as string;
    starter.kill('SIGKILL');
    await finished(starter);

    const worker = startCli(['worker', '--job', ANALYST_JOB, ...flags, '--json', '--', repo], {
      cwd,
    });
    try {
      await waitFor(() => worker.output().includes('"status":"ready"'));
      const approve = await runCli(['approve', runId, ...flags, '--actor', 'ada'], { cwd });
      expect(approve.stderr).toBe('');
      expect(approve.code).toBe(0);
      const events = (type: string) =>
        runCli(['events', 'tail', '--type', type, ...flags, '--json'], { cwd });
      const done = async () => (await events('run.completed')).stdout.includes(`run-${runId}"`);
      for (let waited = 0; !(await done()); waited += 250) {
        if (waited > 60_000) throw new Error(`run ${runId} did not complete on the worker`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expectRealReport(cwd, runId);
      // Every task ran on the worker process: the approval only wrote its decision.
      const taskStarts = jsonLines((await events('step.started')).stdout).filter((event) =>
        event.streamId.startsWith(`run-${runId}:`),
      );
      expect(taskStarts.length).toBeGreaterThanOrEqual(5);
      for (const event of taskStarts)
        expect(event.data.workerId).toMatch(new RegExp(`^worker-${worker.pid}-`));
      // They reached it as step tasks on the bus, not by watching the store.
      const nc = await connect({ servers: nats, timeout: 2_000 });
      try {
        const jsm = await jetstreamManager(nc);
        const info = await jsm.streams.info(`AF_CLI_ANALYST_${token}`, { subjects_filter: '>' });
        const taskMessages = Object.entries(info.state.subjects ?? {})
          .filter(([subject]) => subject.endsWith('.step.repo-analyst-task'))
          .reduce((sum, [, count]) => sum + count, 0);
        expect(taskMessages).toBeGreaterThanOrEqual(taskStarts.length);
      } finally {
        await nc.close();
      }
    } finally {
      worker.kill('SIGTERM');
      expect((await finished(worker)).code).toBe(0);
    }
  });
});
