import { newId } from '@agenticflow/core';
import { describeBus } from '../backends/open-bus.js';
import { describeStore } from '../backends/open-store.js';
import { recordJob } from '../jobs/job-record.js';
import { openJob } from '../jobs/open-job.js';
import { RunFollower } from '../output/run-follower.js';
import { awaitRun } from './await-run.js';
import type { CommandContext } from './command-context.js';

/** Options of `agenticflow run`. */
export interface RunFlags {
  readonly runId?: string;
}

/** `agenticflow run <file> [args...]`: records the job, starts a run, follows it to its end. */
export async function runCommand(
  ctx: CommandContext,
  file: string,
  args: readonly string[],
  flags: RunFlags,
): Promise<number> {
  const config = await ctx.loadConfig();
  const { printer } = ctx;
  const opened = await openJob(config, { file, args, cwd: ctx.cwd, role: 'driver' });
  const runId = flags.runId ?? newId();
  const follower = new RunFollower(opened.store, () => runId, printer);
  try {
    await recordJob(opened.store, runId, {
      job: opened.job.name,
      jobFile: opened.jobFile,
      args,
      cwd: ctx.cwd,
    });
    printer.jsonLine({
      kind: 'run',
      runId,
      job: opened.job.name,
      jobFile: opened.jobFile,
      store: describeStore(config.store),
      bus: describeBus(config.bus),
    });
    printer.line(`runId: ${runId}`);
    printer.line(
      `job ${opened.job.name} (${opened.jobFile}) on ${describeStore(config.store)}, bus ${describeBus(config.bus)}`,
    );
    await opened.runtime.start(runId);
    return await awaitRun(opened, runId, follower, printer);
  } finally {
    await follower.close();
    await opened.close();
  }
}
