import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNatsEventBus } from '@agenticflow/bus-nats';
import type { EventStore } from '@agenticflow/core';
import { createPostgresEventStore } from '@agenticflow/storage-postgres';
import { createWorkflowClient } from '@agenticflow/workflows';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { auditRuns, type RunAudit } from './audit-runs.js';
import { type CliProcess, runCli, startCli, waitFor } from './cli-process.js';
import { relay } from './relay.js';

const JOB_FILE = fileURLToPath(new URL('./relay.job.ts', import.meta.url));

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** PostgreSQL database of the store; the demo works in a schema of its own and drops it. */
  readonly postgresUrl: string;
  /** NATS server of the bus; the demo uses a stream of its own and deletes it. */
  readonly natsUrl: string;
  /** @defaultValue 100 */
  readonly runs?: number;
  /** @defaultValue 3 */
  readonly workers?: number;
  /** Progress lines. @defaultValue none */
  readonly log?: (line: string) => void;
}

/** What happened: the log's audit, the killed worker and the exit codes of the others. */
export interface DemoResult extends RunAudit {
  readonly runs: number;
  readonly workerPids: readonly number[];
  readonly killedPid: number;
  /** Exit codes of the workers stopped with SIGTERM at the end. */
  readonly stoppedExitCodes: readonly (number | string)[];
  readonly migrateOutput: string;
  readonly durationMs: number;
}

/**
 * Migrates a fresh PostgreSQL schema with `agenticflow migrate`, starts `agenticflow worker`
 * processes on it and a NATS stream, submits `runs` relay runs, SIGKILLs one worker once a third
 * of them completed while it runs steps of the others, waits for every run and audits the log.
 * Drops the schema and deletes the stream whatever happens.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const runs = options.runs ?? 100;
  const log = options.log ?? (() => {});
  const t0 = Date.now();
  const stamp = (line: string) => log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
  const token = randomUUID().replaceAll('-', '').slice(0, 16);
  const schema = `af_distributed_${token}`;
  const prefix = `AF_DISTRIBUTED_${token}`;
  const dir = mkdtempSync(join(tmpdir(), 'agenticflow-distributed-'));
  const config = join(dir, 'agenticflow.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      store: options.postgresUrl,
      postgresSchema: schema,
      bus: options.natsUrl,
      busPrefix: prefix,
      // A short lease, so the killed worker's steps are taken over within seconds.
      worker: { leaseMs: 1_500 },
    }),
  );
  const started = Date.now();
  const workers: CliProcess[] = [];
  let closeClient = async () => {};
  try {
    const migrateOutput = await runCli(['migrate', '--config', config], dir);
    stamp(migrateOutput.trim());
    for (let i = 0; i < (options.workers ?? 3); i += 1)
      workers.push(startCli(['worker', '--job', JOB_FILE, '--config', config, '--json'], dir));
    await waitFor('the workers to be ready', () =>
      workers.every((worker) => worker.stdout().includes('"status":"ready"')),
    );
    stamp(
      `${workers.length} workers ready: pids ${workers.map((worker) => worker.pid).join(', ')}`,
    );

    const store = await createPostgresEventStore({ connectionString: options.postgresUrl, schema });
    const bus = await createNatsEventBus({ servers: options.natsUrl, streamPrefix: prefix });
    const client = await createWorkflowClient({ store, bus, workflows: [relay] });
    closeClient = async () => {
      await client.close();
      await bus.close();
      await store.close();
    };
    // A third of the runs are quick; the others hold a long step on every worker when one dies.
    const quick = Math.floor(runs / 3);
    let completed = 0;
    const results: Promise<unknown>[] = [];
    for (let n = 1; n <= runs; n += 1) {
      const run = await client.start(relay, { n, transformMs: n <= quick ? 200 : 4_000 });
      results.push(run.result().finally(() => (completed += 1)));
    }
    stamp(`submitted ${runs} runs`);

    const victim = workers[1] ?? workers[0];
    if (!victim) throw new Error('no worker to kill');
    // Killed while it runs steps and no task waits on the bus: a task a dead worker received but
    // had not claimed would wait for NATS to redeliver it (see the README).
    await waitFor(`${quick} completed runs, then every task claimed`, async () => {
      if (completed < quick) return false;
      const audit = await auditRuns(store);
      return audit.unclaimed === 0 && (audit.inFlightByPid[String(victim.pid)] ?? 0) > 0;
    });
    victim.child.kill('SIGKILL');
    await victim.exited;
    stamp(`killed worker ${victim.pid} (SIGKILL) after ${completed} completed runs`);

    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(results),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 45_000);
      }),
    ]);
    clearTimeout(timer);
    if (completed < runs)
      throw new Error(
        `only ${completed}/${runs} runs completed in 45 s; unfinished:\n${await describeUnfinished(store)}`,
      );
    stamp(`all ${runs} runs completed`);
    const audit = await auditRuns(store);
    const survivors = workers.filter((worker) => worker !== victim);
    for (const worker of survivors) worker.child.kill('SIGTERM');
    const stoppedExitCodes = await Promise.all(survivors.map((worker) => worker.exited));
    return {
      ...audit,
      runs,
      workerPids: workers.map((worker) => worker.pid),
      killedPid: victim.pid,
      stoppedExitCodes,
      migrateOutput,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    for (const worker of workers)
      if (worker.stderr()) stamp(`worker ${worker.pid} stderr:\n${worker.stderr()}`);
    throw error;
  } finally {
    for (const worker of workers)
      if (worker.child.exitCode === null && worker.child.signalCode === null)
        worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await closeClient().catch(() => {});
    await dropSchema(options.postgresUrl, schema);
    await deleteStream(options.natsUrl, prefix);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last events of each run without `run.completed`, for a failure message. */
async function describeUnfinished(store: EventStore): Promise<string> {
  const streams = new Map<string, string[]>();
  for await (const event of store.readAll({ streamPrefix: 'run-' })) {
    const data = event.data as { stepId?: string; workerId?: string };
    const line = `${event.version} ${event.time.slice(11, 23)} ${event.type} ${data.stepId ?? ''} ${data.workerId ?? ''}`;
    streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), line]);
  }
  return [...streams]
    .filter(([, lines]) => !lines.some((line) => line.includes(' run.completed ')))
    .map(([id, lines]) => `  ${id}:\n    ${lines.slice(-6).join('\n    ')}`)
    .join('\n');
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function deleteStream(url: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url, timeout: 2_000 });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch(() => false);
  } finally {
    await nc.close();
  }
}
