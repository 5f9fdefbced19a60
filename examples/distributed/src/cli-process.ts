import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The `agenticflow` binary of the workspace's @agenticflow/cli (built with `pnpm build`). */
export const CLI_BIN = join(
  dirname(createRequire(import.meta.url).resolve('@agenticflow/cli/package.json')),
  'dist',
  'bin.js',
);

/** A running `agenticflow` process with its output so far. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

/** Starts `agenticflow <args>` with Node, capturing its output. */
export function startCli(args: readonly string[], cwd: string): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, pid: child.pid ?? -1, stdout: () => out, stderr: () => err, exited };
}

/** Runs `agenticflow <args>` to its end; throws with its output when it does not exit 0. */
export async function runCli(args: readonly string[], cwd: string): Promise<string> {
  const cli = startCli(args, cwd);
  const code = await cli.exited;
  if (code !== 0)
    throw new Error(
      `agenticflow ${args.join(' ')} exited ${code}:\n${cli.stdout()}${cli.stderr()}`,
    );
  return cli.stdout();
}

/** Polls until `predicate` holds, or throws naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
