import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary. */
export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `agenticflow <args>` to its end. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  const child = startCli(args, options);
  return finished(child);
}

/** Starts `agenticflow <args>` and returns the process. */
export function startCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  return Object.assign(child, { output: () => out });
}

/** Waits for a started process to exit. */
export function finished(child: ChildProcess & { output: () => string }): Promise<CliResult> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: child.output(), stderr })),
  );
}

/** Polls until `predicate` holds (or throws after `timeoutMs`). */
export async function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs `agenticflow <args>` on a pseudo-terminal (util-linux `script`), so it asks its questions,
 * with `input` typed ahead. The terminal merges standard output and error into `stdout`.
 */
export function runCliOnTerminal(
  args: readonly string[],
  options: { cwd: string; input: string },
): Promise<CliResult> {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
  child.stdin.end(options.input);
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  return finished(Object.assign(child, { output: () => out }));
}
