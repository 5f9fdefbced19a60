import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigurationError } from '@agenticflow/core';

export interface CliArgs {
  /** The repository path given, resolved against `cwd`; undefined for the default. */
  readonly root?: string;
  readonly dataDir?: string;
  readonly out?: string;
  readonly manualApproval: boolean;
  readonly offline: boolean;
  readonly approve?: string;
  readonly reject?: string;
  readonly help: boolean;
}

export const USAGE = `Usage: pnpm start -- [repository] [options]

Writes a health report of a repository (default: the AgenticFlow repository) with a team of agents.

Options:
  --data-dir <dir>     store and reports (default: <repository>/.agenticflow)
  --out <file>         report file (default: <data-dir>/reports/<runId>.md)
  --manual-approval    stop at the approval gate instead of approving the plan
  --approve <runId>    approve a run stopped at the gate, and finish it
  --reject <runId>     reject (cancel) a run stopped at the gate
  --offline            ignore AGENTICFLOW_MODEL: offline planner and writer
  -h, --help           this text

Model: AGENTICFLOW_MODEL=openai:gpt-4o-mini (or anthropic:…, google:…, openai-compatible:<url>#<model>)
with the provider's key variable (OPENAI_API_KEY…); without it, the offline planner and writer run.`;

/** Reads the command line; throws `INVALID_CONFIGURATION` with the usage on a mistake. */
export function parseCliArgs(argv: readonly string[], cwd: string): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ConfigurationError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1)
    throw new ConfigurationError(
      `expected at most one repository path, got ${JSON.stringify(positionals)}\n\n${USAGE}`,
    );
  if (values.approve !== undefined && values.reject !== undefined)
    throw new ConfigurationError('pass --approve or --reject, not both');
  return {
    ...(positionals[0] !== undefined ? { root: resolve(cwd, positionals[0]) } : {}),
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
    ...(values.approve !== undefined ? { approve: values.approve } : {}),
    ...(values.reject !== undefined ? { reject: values.reject } : {}),
    manualApproval: values['manual-approval'] ?? false,
    offline: values.offline ?? false,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      out: { type: 'string' },
      'manual-approval': { type: 'boolean' },
      approve: { type: 'string' },
      reject: { type: 'string' },
      offline: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
