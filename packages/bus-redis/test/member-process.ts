import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@agenticflow/core/testing';

const FIXTURE = fileURLToPath(new URL('./fixtures/group-member.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** One line the member process printed. */
export interface MemberEvent {
  readonly event: 'ready' | 'started';
  readonly id?: string;
  readonly attempt?: number;
}

/** A group member running in a child process (test/fixtures/group-member.ts). */
export class MemberProcess {
  readonly events: MemberEvent[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<NodeJS.Signals | null>;

  constructor(args: {
    url: string;
    keyPrefix: string;
    topic: string;
    group: string;
    ackTimeoutMs: number;
    protocol: 2 | 3;
    mode: 'hang' | 'crash';
  }) {
    this.child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        FIXTURE,
        args.url,
        args.keyPrefix,
        args.topic,
        args.group,
        String(args.ackTimeoutMs),
        String(args.protocol),
        args.mode,
      ],
      { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (_code, signal) => resolve(signal)),
    );
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) this.events.push(JSON.parse(line) as MemberEvent);
    });
  }

  /** Resolves at the first event of `kind`; fails if the process exits first. */
  async next(kind: MemberEvent['event'], timeoutMs = 15_000): Promise<MemberEvent> {
    return waitFor(
      () => {
        const found = this.events.find((event) => event.event === kind);
        if (!found && this.child.exitCode !== null)
          throw new Error(`member exited with ${this.child.exitCode} before "${kind}"`);
        return found;
      },
      { timeoutMs, message: `the member process to report "${kind}"` },
    );
  }

  /** Kills the process with SIGKILL and resolves once it is gone, with the signal that ended it. */
  async kill(): Promise<NodeJS.Signals | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Resolves with the signal that ended the process, once it has. */
  exit(): Promise<NodeJS.Signals | null> {
    return this.exited;
  }
}
