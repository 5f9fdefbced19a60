import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@agenticflow/core/testing';

const fixture = fileURLToPath(new URL('../fixtures/group-member.ts', import.meta.url));

/** A group member running `fixtures/group-member.ts` in a child process. */
export interface MemberProcess {
  readonly child: ChildProcess;
  /** Lines it printed so far. */
  readonly lines: string[];
  /** Waits for a line starting with `prefix` and returns it. */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  /** SIGKILLs it and waits for it to exit. */
  kill(): Promise<void>;
}

export async function startMember(options: {
  url: string;
  streamPrefix: string;
  topic: string;
  group: string;
  maxDeliveries: number;
  ackTimeoutMs: number;
}): Promise<MemberProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fixture,
      options.url,
      options.streamPrefix,
      options.topic,
      options.group,
      String(options.maxDeliveries),
      String(options.ackTimeoutMs),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  let errors = '';
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const member: MemberProcess = {
    child,
    lines,
    line: (prefix, timeoutMs = 15_000) =>
      waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`member exited: ${errors}`);
          return lines.find((line) => line.startsWith(prefix));
        },
        { timeoutMs, message: `the member to print "${prefix}" (stderr: ${errors})` },
      ),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
  await member.line('ready');
  return member;
}
