import { type EventStore, hasErrorCode } from '@agenticflow/core';
import { runStreamId, type WorkflowEngine } from '@agenticflow/workflows';
import { openStore } from '../backends/open-store.js';
import { type JobRecord, readJobRecord } from '../jobs/job-record.js';
import { openJob } from '../jobs/open-job.js';
import { RunFollower } from '../output/run-follower.js';
import { UsageError } from '../usage-error.js';
import { awaitRun } from './await-run.js';
import type { CommandContext } from './command-context.js';

/** Options of commands that reopen a run's job (`resume`, `approve`, `reject`). */
export interface JobFlags {
  /** The job file, for a run without a job record. */
  readonly job?: string;
}

/** The job file and arguments of a run: its record, or `--job` with the arguments given. */
export async function jobOfRun(
  ctx: CommandContext,
  runId: string,
  flags: JobFlags,
  args: readonly string[],
): Promise<JobRecord> {
  if (flags.job) return { job: '', jobFile: flags.job, args, cwd: ctx.cwd };
  const store = await openStore((await ctx.loadConfig()).store);
  try {
    const record = await readJobRecord(store, runId);
    if (record) return record;
  } finally {
    await store.close();
  }
  throw new UsageError(
    `run ${runId} has no job record in this store (not started by agenticflow run, a wrong id, or another --store): pass --job <file>`,
  );
}

/**
 * `agenticflow resume <runId>`: reopens the run's job and takes the run over (and its unfinished
 * task runs) without waiting for the dead process's leases; completed steps are not run again.
 */
export async function resumeCommand(
  ctx: CommandContext,
  runId: string,
  flags: JobFlags,
  args: readonly string[],
): Promise<number> {
  const config = await ctx.loadConfig();
  const record = await jobOfRun(ctx, runId, flags, args);
  const opened = await openJob(config, {
    file: record.jobFile,
    args: record.args,
    cwd: record.cwd,
    role: 'driver',
  });
  const { printer } = ctx;
  const follower = new RunFollower(opened.store, () => runId, printer);
  try {
    const { engine } = opened.runtime;
    const before = await engine.getRun(runId);
    if (
      before.status === 'completed' ||
      before.status === 'failed' ||
      before.status === 'cancelled'
    ) {
      printer.jsonLine({ kind: 'result', runId, status: before.status, resumed: false });
      printer.line(`run ${runId} has already ${before.status}: nothing to resume`);
      return before.status === 'completed' ? 0 : 1;
    }
    printer.jsonLine({ kind: 'resume', runId, version: before.version, status: before.status });
    const done = Object.entries(before.steps)
      .filter(([, step]) => step.status === 'completed')
      .map(([id]) => id);
    printer.line(
      `resuming run ${runId} at version ${before.version} (${done.length} step(s) already completed: ${done.join(', ') || 'none'})`,
    );
    for (const childId of await unfinishedChildRuns(opened.store, runId, engine)) {
      await resumeRun(engine, childId).catch((error: unknown) => {
        if (!hasErrorCode(error, 'WORKFLOW_NOT_REGISTERED')) throw error;
        printer.warn(
          `task run ${childId} belongs to a workflow this job does not register: left alone`,
        );
      });
    }
    await resumeRun(engine, runId);
    return await awaitRun(opened, runId, follower, printer);
  } finally {
    await follower.close();
    await opened.close();
  }
}

/**
 * Resumes a run and takes over its running steps at once rather than after their leases: the
 * process that ran them is gone (attempts this process starts on the run are its own and are left
 * alone).
 */
function resumeRun(engine: WorkflowEngine, runId: string): Promise<void> {
  return engine.resumeRun(runId, { takeOver: true });
}

async function unfinishedChildRuns(
  store: EventStore,
  runId: string,
  engine: WorkflowEngine,
): Promise<string[]> {
  const prefix = `${runStreamId(runId)}:`;
  const ids: string[] = [];
  for await (const event of store.readAll({ types: ['run.started'], streamPrefix: prefix })) {
    const childId = event.streamId.slice('run-'.length);
    const state = await engine.getRun(childId);
    if (state.status === 'running') ids.push(childId);
  }
  return ids;
}
