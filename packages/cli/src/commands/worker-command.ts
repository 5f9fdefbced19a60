import { describeBus } from '../backends/open-bus.js';
import { describeStore } from '../backends/open-store.js';
import { type OpenedJob, openJob } from '../jobs/open-job.js';
import { UsageError } from '../usage-error.js';
import { type CommandContext, untilSignal } from './command-context.js';

/** Options of `agenticflow worker`. */
export interface WorkerFlags {
  readonly job: readonly string[];
  /** Longest wait for running steps on shutdown, in ms. */
  readonly graceMs: number;
}

/**
 * `agenticflow worker --job <file>...`: runs the steps of the jobs' runs (from the bus group, or by
 * following the store with the in-process bus) until SIGINT/SIGTERM, then stops after letting
 * running steps finish for up to `graceMs`. On start it continues every unfinished run of its jobs.
 */
export async function workerCommand(
  ctx: CommandContext,
  flags: WorkerFlags,
  args: readonly string[],
): Promise<number> {
  if (flags.job.length === 0)
    throw new UsageError('worker needs at least one --job <file>: the jobs whose runs it executes');
  const config = await ctx.loadConfig();
  const { printer } = ctx;
  const signal = untilSignal();
  const opened: OpenedJob[] = [];
  try {
    for (const file of flags.job)
      opened.push(await openJob(config, { file, args, cwd: ctx.cwd, role: 'driver' }));
    const recovered: string[] = [];
    for (const job of opened) recovered.push(...(await job.runtime.engine.recover()));
    const names = opened.map((job) => job.job.name);
    printer.jsonLine({
      kind: 'worker',
      status: 'ready',
      pid: process.pid,
      jobs: names,
      recovered,
      store: describeStore(config.store),
      bus: describeBus(config.bus),
    });
    printer.line(
      `worker ${process.pid} ready: jobs ${names.join(', ')} on ${describeStore(config.store)}, bus ${describeBus(config.bus)}`,
    );
    if (recovered.length)
      printer.line(`  continuing ${recovered.length} unfinished run(s): ${recovered.join(', ')}`);
    const received = await signal.received;
    printer.line(`${received}: stopping (running steps get ${flags.graceMs} ms to finish)`);
  } finally {
    signal.dispose();
    for (const job of opened.reverse()) await job.close(flags.graceMs);
  }
  printer.jsonLine({ kind: 'worker', status: 'stopped', pid: process.pid });
  printer.line('worker stopped');
  return 0;
}
