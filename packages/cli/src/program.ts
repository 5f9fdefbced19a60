import { Command, InvalidArgumentError, Option } from 'commander';
import { commandContext, type GlobalFlags } from './commands/command-context.js';
import { configShowCommand, configValidateCommand } from './commands/config-command.js';
import { type DecideFlags, decideCommand } from './commands/decide-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { eventsTailCommand, type TailFlags } from './commands/events-command.js';
import { forkCommand } from './commands/fork-command.js';
import { type InitFlags, initCommand } from './commands/init-command.js';
import { inspectCommand, replayCommand } from './commands/inspect-command.js';
import { migrateCommand } from './commands/migrate-command.js';
import { type JobFlags, resumeCommand } from './commands/resume-command.js';
import { type RunFlags, runCommand } from './commands/run-command.js';
import { type WorkerFlags, workerCommand } from './commands/worker-command.js';

function positiveInteger(flag: string) {
  return (value: string) => {
    if (!/^[1-9][0-9]*$/.test(value))
      throw new InvalidArgumentError(
        `got ${JSON.stringify(value)}, expected an integer >= 1 (${flag})`,
      );
    return Number(value);
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Builds the `agenticflow` command line. Each action stores its exit code in `result.code`
 * (commander actions return nothing).
 */
export function buildProgram(version: string, result: { code: number }): Command {
  const program = new Command('agenticflow')
    .description('Run, resume, inspect and operate AgenticFlow jobs on an event-sourced store.')
    .version(version)
    .option(
      '--config <file>',
      'config file (default: agenticflow.config.{ts,json} from the working directory upwards)',
    )
    .addOption(
      new Option('--profile <name>', 'config profile').choices([
        'development',
        'testing',
        'production',
      ]),
    )
    .option('--store <url>', 'event store: sqlite:<path> or postgres://user@host:port/db')
    .option('--bus <url>', 'bus: inprocess, nats://host:port or redis://host:port')
    .option('--json', 'one JSON line per event or item instead of text')
    .showSuggestionAfterError()
    .exitOverride();
  const act =
    <Args extends unknown[]>(
      handler: (ctx: ReturnType<typeof commandContext>, ...args: Args) => Promise<number>,
    ) =>
    async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const ctx = commandContext(command.optsWithGlobals() as GlobalFlags);
      result.code = await handler(ctx, ...(params.slice(0, -1) as Args));
    };

  program
    .command('init [dir]')
    .description('scaffold a project from a template (asks on a terminal)')
    .addOption(
      new Option('--template <name>', 'project template').choices(['basic', 'enterprise', 'agent']),
    )
    .option('--name <name>', 'project (package) name')
    .option('-y, --yes', 'use the defaults for anything not given, ask nothing')
    .option('--force', 'write into a non-empty directory')
    .action(act((ctx, dir: string | undefined, flags: InitFlags) => initCommand(ctx, dir, flags)));
  program
    .command('run <file> [args...]')
    .description('run a job file (its default export: defineJob) and follow the run to its end')
    .option('--run-id <id>', 'the run id (default: a new UUIDv7)')
    .action(
      act((ctx, file: string, args: string[], flags: RunFlags) =>
        runCommand(ctx, file, args, flags),
      ),
    );
  program
    .command('resume <runId> [args...]')
    .description('continue an unfinished run (after a crash) without re-running completed steps')
    .option('--job <file>', 'the job file, for a run without a job record')
    .action(
      act((ctx, runId: string, args: string[], flags: JobFlags) =>
        resumeCommand(ctx, runId, flags, args),
      ),
    );
  program
    .command('inspect <runId>')
    .description('timeline of events, step durations, current state and the supervisor plan')
    .action(act((ctx, runId: string) => inspectCommand(ctx, runId)));
  program
    .command('replay <runId>')
    .description('rebuild the run state from the log up to a version, without side effects')
    .option('--to <version>', 'last stream version to apply', positiveInteger('--to'))
    .action(
      act((ctx, runId: string, flags: { to?: number }) => replayCommand(ctx, runId, flags.to)),
    );
  program
    .command('fork <runId>')
    .description('start a new run sharing the history of <runId> up to a version')
    .requiredOption('--at <version>', 'stream version to fork at', positiveInteger('--at'))
    .action(act((ctx, runId: string, flags: { at: number }) => forkCommand(ctx, runId, flags.at)));
  for (const [name, approved] of [
    ['approve', true],
    ['reject', false],
  ] as const)
    program
      .command(`${name} <runId>`)
      .description(`${name} the run's pending approval gate (from any process)`)
      .option('--comment <text>', 'recorded with the decision')
      .option('--actor <name>', 'who decides (default: $USER)')
      .option(
        '--plan <file>',
        'JSON file: an edited supervisor plan, or the payload of a waitFor step',
      )
      .option('--task <taskId>', "a supervisor task's approval gate instead of the run's")
      .option('--job <file>', 'the job file, for a run without a job record')
      .action(
        act((ctx, runId: string, flags: DecideFlags) => decideCommand(ctx, runId, approved, flags)),
      );
  const events = program.command('events').description('read the event log');
  events
    .command('tail')
    .description('print events in global order (and follow new ones with --follow)')
    .option('--stream <id>', 'only this stream')
    .option('--type <prefix>', 'only types starting with this')
    .option('--from <position>', 'first global position')
    .option('--limit <n>', 'only the last n matching events', positiveInteger('--limit'))
    .option('-f, --follow', 'keep printing new events until Ctrl-C')
    .action(act((ctx, flags: TailFlags) => eventsTailCommand(ctx, flags)));
  program
    .command('worker [args...]')
    .description('execute the runs of the given jobs until SIGINT/SIGTERM')
    .option('--job <file>', 'a job file whose runs to execute (repeatable)', collect, [])
    .option(
      '--grace-ms <ms>',
      'how long running steps may finish on shutdown',
      positiveInteger('--grace-ms'),
      10_000,
    )
    .action(act((ctx, args: string[], flags: WorkerFlags) => workerCommand(ctx, flags, args)));
  program
    .command('migrate')
    .description("apply the store's pending migrations")
    .action(act((ctx) => migrateCommand(ctx)));
  program
    .command('doctor')
    .description('check the config, store, bus, Node.js version and native addons')
    .action(act((ctx) => doctorCommand(ctx)));
  const config = program.command('config').description('show or validate the configuration');
  config
    .command('show')
    .description('the effective configuration, secrets redacted')
    .action(act((ctx) => configShowCommand(ctx)));
  config
    .command('validate')
    .description('check the configuration (exit 2 when invalid)')
    .action(act((ctx) => configValidateCommand(ctx)));
  for (const command of [
    program,
    events,
    config,
    ...program.commands,
    ...events.commands,
    ...config.commands,
  ])
    command.exitOverride();
  return program;
}
