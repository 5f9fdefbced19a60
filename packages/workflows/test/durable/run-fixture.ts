import { spawn } from 'node:child_process';

/** What a fixture process printed, and how it ended. */
export interface FixtureExit {
  readonly stdout: string;
  readonly killed: boolean;
}

/**
 * Runs a TypeScript fixture in its own Node process (through tsx). When `killOn` is given, the
 * process is SIGKILLed as soon as it prints that line. Rejects when it exits non-zero.
 */
export function runFixture(
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
  killOn?: string,
): Promise<FixtureExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (killOn && stdout.split('\n').some((line) => line.startsWith(killOn)))
        child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ stdout, killed: true });
      else if (code === 0) resolve({ stdout, killed: false });
      else
        reject(
          new Error(
            `${script} ${args.join(' ')} exited with ${code ?? signal}:\n${stdout}\n${stderr}`,
          ),
        );
    });
  });
}

/** The JSON after `<prefix> ` on the first line that starts with it. */
export function printed<T>(exit: FixtureExit, prefix: string): T {
  const line = exit.stdout.split('\n').find((entry) => entry.startsWith(`${prefix} `));
  if (!line) throw new Error(`the fixture did not print ${prefix}:\n${exit.stdout}`);
  return JSON.parse(line.slice(prefix.length + 1)) as T;
}

/** The words after `<prefix> ` on the first line that starts with it. */
export function printedWords(exit: FixtureExit, prefix: string): string[] {
  const line = exit.stdout.split('\n').find((entry) => entry.startsWith(`${prefix} `));
  if (!line) throw new Error(`the fixture did not print ${prefix}:\n${exit.stdout}`);
  return line.slice(prefix.length + 1).split(' ');
}
