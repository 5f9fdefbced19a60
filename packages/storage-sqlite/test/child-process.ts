import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));

/** A fixture from `test/fixtures/` running in its own Node process (TypeScript through tsx). */
export interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  /** Lines printed so far on stdout. */
  readonly lines: string[];
  /** Resolves with the exit code (or signal) and stderr once the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function startFixture(name: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/fixtures/${name}.ts`, ...args], {
    cwd: packageDirectory,
    stdio: 'pipe',
  });
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { process: child, lines, exited };
}

/** The JSON result a worker printed last, after checking that it exited cleanly. */
export async function resultOf<T>(child: Child): Promise<T> {
  const { code, signal, stderr } = await child.exited;
  if (code !== 0) throw new Error(`fixture exited with ${code ?? signal}: ${stderr}`);
  return JSON.parse(child.lines[child.lines.length - 1]!) as T;
}
