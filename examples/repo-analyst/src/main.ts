import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel, type Model } from '@agenticflow/agents';
import { ConfigurationError } from '@agenticflow/core';
import { type CliArgs, parseCliArgs, USAGE } from './cli-args.js';
import { type AnalysisOptions, analyseRepository, decideRun } from './run-analysis.js';

// pnpm runs the script in the example's directory; INIT_CWD is where `pnpm start` was typed.
const cwd = process.env.INIT_CWD ?? process.cwd();
const started = performance.now();
/** The AgenticFlow repository this example lives in: analysed when no path is given. */
const REPOSITORY = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const log = (line: string) => console.log(line);

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2), cwd);
  if (args.help) {
    log(USAGE);
    return 0;
  }
  const model = await modelFromEnvironment(args);
  const options: AnalysisOptions = {
    root: args.root ?? REPOSITORY,
    ...(args.dataDir ? { dataDir: args.dataDir } : {}),
    ...(args.out ? { out: args.out } : {}),
    ...(model ? { model } : {}),
    approval: args.manualApproval ? 'manual' : 'auto',
    print: log,
  };
  log(`repo-analyst: ${options.root}`);
  log(
    model
      ? `planner and writer: model ${model.id}`
      : 'planner: offline-planner (template plan), writer: offline-writer (deterministic Markdown); set AGENTICFLOW_MODEL to use a model',
  );
  const decided = args.approve ?? args.reject;
  const outcome = decided
    ? await decideRun(
        decided,
        args.approve
          ? { approve: `${process.env.USER ?? 'someone'} (--approve)` }
          : { reject: `rejected by ${process.env.USER ?? 'someone'} (--reject)` },
        options,
      )
    : await analyseRepository(options);
  if (outcome.status === 'rejected') {
    log(`run ${outcome.runId} rejected: its plan will not run.`);
    return 0;
  }
  log('');
  log(`runId: ${outcome.runId}`);
  log(`store: ${outcome.storePath} (stream run-${outcome.runId})`);
  if (outcome.status === 'awaiting-approval') {
    log('');
    log('The run is waiting at the approval gate with this plan:');
    for (const task of outcome.plan.tasks)
      log(
        `  - ${task.id} [${task.capabilities.join(', ')}]${task.dependsOn.length ? ` after ${task.dependsOn.join(', ')}` : ''}: ${task.title}`,
      );
    const again = rerunArgs(args);
    log('');
    log(`To approve it and write the report: pnpm start -- ${again}--approve ${outcome.runId}`);
    log(`To reject it:                       pnpm start -- ${again}--reject ${outcome.runId}`);
    return 0;
  }
  log(`report: ${outcome.reportPath}`);
  log(`done in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
  const cli = `node ${relative(cwd, CLI_BIN) || CLI_BIN}`;
  const store = `--store sqlite:${relative(cwd, outcome.storePath) || outcome.storePath}`;
  log('');
  log(`inspect: ${cli} inspect ${outcome.runId} ${store}`);
  log(`replay:  ${cli} replay ${outcome.runId} ${store}`);
  return 0;
}

/** The `agenticflow` binary of @agenticflow/cli (built with this example). */
const CLI_BIN = join(
  dirname(createRequire(import.meta.url).resolve('@agenticflow/cli/package.json')),
  'dist',
  'bin.js',
);

/** AGENTICFLOW_MODEL, unless --offline: a missing key is an error, not a silent fallback. */
async function modelFromEnvironment(args: CliArgs): Promise<Model | undefined> {
  const spec = process.env.AGENTICFLOW_MODEL?.trim();
  if (args.offline || !spec) return undefined;
  try {
    return await createModel(spec);
  } catch (error) {
    throw new ConfigurationError(
      `AGENTICFLOW_MODEL=${spec} cannot be used: ${(error as Error).message}. Or unset AGENTICFLOW_MODEL (or pass --offline) for the offline planner and writer`,
      { cause: error },
    );
  }
}

/** The repository and data-dir options a later --approve must repeat. */
function rerunArgs(args: CliArgs): string {
  const parts: string[] = [];
  if (args.root) parts.push(JSON.stringify(relative(cwd, args.root) || '.'));
  if (args.dataDir) parts.push(`--data-dir ${JSON.stringify(args.dataDir)}`);
  if (args.out) parts.push(`--out ${JSON.stringify(args.out)}`);
  return parts.length ? `${parts.join(' ')} ` : '';
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`repo-analyst failed: ${error instanceof Error ? error.message : String(error)}`);
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && !(error as Error).message.includes(cause.message))
      console.error(`  cause: ${cause.message}`);
    process.exitCode = 1;
  },
);
