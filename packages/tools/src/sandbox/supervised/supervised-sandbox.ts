import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  AbortedError,
  ClosedError,
  deserializeError,
  ValidationError,
  zodIssuesToValidationIssues,
} from '@agenticflow/core';
import { SandboxCrashedError } from '../../errors/sandbox-errors.js';
import { assertHostFunctionNames, type HostFunctions } from '../host-function.js';
import { MAX_CODE_LENGTH } from '../in-process-sandbox.js';
import type {
  ResolvedSandboxOptions,
  Sandbox,
  SandboxOptions,
  SandboxRunOptions,
  SandboxRunResult,
} from '../sandbox-types.js';
import type { FromChild, ToChild } from './child-protocol.js';

interface PendingRun {
  resolve(result: SandboxRunResult): void;
  reject(error: unknown): void;
  readonly hostFunctions: HostFunctions;
}

interface Child {
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  readonly runs: Map<number, PendingRun>;
  warmed?: (error?: unknown) => void;
}

// Running from TypeScript sources (tests): fork the .ts child through tsx.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const DEFAULT_ENTRY = new URL(
  FROM_SOURCE ? './sandbox-child.ts' : './sandbox-child.js',
  import.meta.url,
);

/**
 * A {@link Sandbox} whose isolates live in a supervised child process started with
 * `--no-node-snapshot`. When the child dies (a V8 fatal error, an out-of-memory kill), the runs in
 * flight fail with `SANDBOX_CRASHED` (retryable) and a new child is started. Host functions stay
 * in this process: the child calls them over IPC, and their arguments are validated here.
 */
export class SupervisedSandbox implements Sandbox {
  private child: Child | undefined;
  private nextRunId = 1;
  private closed = false;
  /** How many times the child was restarted after dying. */
  restarts = 0;

  constructor(
    private readonly options: ResolvedSandboxOptions,
    private readonly config: SandboxOptions,
  ) {}

  /** The child's process id, once started. */
  get childPid(): number | undefined {
    return this.child?.process.pid;
  }

  async run(code: string, options: SandboxRunOptions = {}): Promise<SandboxRunResult> {
    if (this.closed) throw new ClosedError('the sandbox');
    if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH) {
      throw new ValidationError('invalid sandbox code', [
        { path: ['code'], message: `must be a string of at most ${MAX_CODE_LENGTH} characters` },
      ]);
    }
    const hostNames = assertHostFunctionNames(options.hostFunctions);
    const inputJson = JSON.stringify(options.input ?? null) ?? 'null';
    if (options.signal?.aborted)
      throw new AbortedError('the sandbox run was aborted before it started');
    const child = this.ensureChild();
    await child.ready;
    const id = this.nextRunId++;
    return new Promise<SandboxRunResult>((resolve, reject) => {
      const onAbort = () => this.send(child, { type: 'abort', id });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => options.signal?.removeEventListener('abort', onAbort);
      child.runs.set(id, {
        hostFunctions: options.hostFunctions ?? {},
        resolve: (result) => {
          done();
          resolve(result);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.send(child, {
        type: 'run',
        id,
        code,
        inputJson,
        timeoutMs: options.timeoutMs ?? this.options.timeoutMs,
        hostNames,
      });
    });
  }

  async warm(): Promise<void> {
    const child = this.ensureChild();
    await child.ready;
    await new Promise<void>((resolve, reject) => {
      child.warmed = (error) => (error ? reject(error) : resolve());
      this.send(child, { type: 'warm' });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    for (const run of child.runs.values()) run.reject(new ClosedError('the sandbox'));
    child.runs.clear();
    const exited = new Promise((resolve) => child.process.once('exit', resolve));
    if (child.process.exitCode === null && child.process.signalCode === null) {
      child.process.kill('SIGKILL');
      await exited;
    }
  }

  private ensureChild(): Child {
    if (this.child) return this.child;
    const entry = this.config.childEntry ?? DEFAULT_ENTRY;
    const execArgv = [
      '--no-node-snapshot',
      ...(FROM_SOURCE && this.config.childEntry === undefined ? ['--import', 'tsx'] : []),
      ...(this.config.childExecArgv ?? []),
    ];
    // Loaded on first use: node:child_process (with net and dgram) is slow to load.
    const { fork } = process.getBuiltinModule('node:child_process');
    const proc = fork(typeof entry === 'string' ? entry : fileURLToPath(entry), [], {
      execArgv,
      serialization: 'json',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let markReady: () => void = () => {};
    let failReady: (error: unknown) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    ready.catch(() => {});
    const child: Child = { process: proc, ready, runs: new Map() };
    this.child = child;
    proc.on('message', (message: FromChild) => {
      if (message.type === 'ready') markReady();
      else this.onMessage(child, message);
    });
    proc.on('error', (error) =>
      failReady(
        new SandboxCrashedError(`the sandbox process could not start: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    proc.once('exit', (code, signal) => {
      const error = new SandboxCrashedError(
        `the sandbox process exited (${signal ?? `code ${code}`}) during the run: retry it; a new process has been started`,
        { details: { code, signal } },
      );
      failReady(error);
      for (const run of child.runs.values()) run.reject(error);
      child.runs.clear();
      child.warmed?.(error);
      if (this.child === child) {
        this.child = undefined;
        if (!this.closed) {
          this.restarts++;
          this.ensureChild();
        }
      }
    });
    this.send(child, { type: 'init', options: this.options });
    return child;
  }

  private onMessage(child: Child, message: FromChild): void {
    if (message.type === 'warmed') {
      child.warmed?.(message.error ? deserializeError(message.error) : undefined);
      child.warmed = undefined;
    } else if (message.type === 'result') {
      const run = child.runs.get(message.id);
      child.runs.delete(message.id);
      if (message.error) run?.reject(deserializeError(message.error));
      else if (message.result) run?.resolve(message.result);
    } else if (message.type === 'host-call') {
      const run = child.runs.get(message.id);
      void this.callHost(run, message.name, message.argsJson).then(
        (json) => this.send(child, { type: 'host-result', callId: message.callId, ok: true, json }),
        (error: unknown) =>
          this.send(child, {
            type: 'host-result',
            callId: message.callId,
            ok: false,
            message: error instanceof Error ? error.message : String(error),
          }),
      );
    }
  }

  private async callHost(
    run: PendingRun | undefined,
    name: string,
    argsJson: string,
  ): Promise<string> {
    const fn = run && Object.hasOwn(run.hostFunctions, name) ? run.hostFunctions[name] : undefined;
    if (!fn) throw new Error(`host.${name} is not granted to this code`);
    const parsed = fn.input.safeParse(JSON.parse(argsJson));
    if (!parsed.success) {
      throw new ValidationError(
        `invalid argument for host.${name}`,
        zodIssuesToValidationIssues(parsed.error.issues),
      );
    }
    let result = await fn.call(parsed.data, {
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (fn.output) result = fn.output.parse(result);
    return JSON.stringify(result ?? null);
  }

  private send(child: Child, message: ToChild): void {
    if (child.process.connected) child.process.send(message);
  }
}
