// Starts a TypeScript fixture in its own Node process (`node --import tsx`), as the e2e suite
// does, and reads the lines it prints.
import { type ChildProcess, spawn } from 'node:child_process';

export interface FixtureProcess {
  readonly process: ChildProcess;
  /** Everything printed so far, stdout then stderr. */
  output(): string;
  /** The first stdout line starting with `prefix`, without it; rejects if the process exits first. */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node --import tsx <path> <argument as JSON> ...extra`. */
export function startFixture(path: URL, argument: unknown, ...extra: string[]): FixtureProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.pathname, JSON.stringify(argument), ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const output = () => `${stdout}\n${stderr}`;
  return {
    process: child,
    output,
    exited,
    line(prefix, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const find = () => stdout.split('\n').find((line) => line.startsWith(prefix));
        const finish = (error?: Error) => {
          clearTimeout(timer);
          child.stdout.off('data', check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(find()!.slice(prefix.length));
        };
        const check = () => {
          if (find() !== undefined) finish();
        };
        const onExit = () => {
          if (find() !== undefined) finish();
          else finish(new Error(`${path.pathname} exited before printing ${prefix}:\n${output()}`));
        };
        const timer = setTimeout(
          () =>
            finish(
              new Error(
                `${path.pathname} did not print ${prefix} in ${timeoutMs} ms:\n${output()}`,
              ),
            ),
          timeoutMs,
        );
        child.stdout.on('data', check);
        child.on('exit', onExit);
        check();
      });
    },
  };
}
