import { ClosedError, ValidationError } from '@agenticflow/core';
import { assertHostFunctionNames } from './host-function.js';
import { IsolatePool } from './isolate-pool.js';
import type { IsolateSlot } from './isolate-slot.js';
import { assertNodeSnapshotDisabled, loadIsolatedVm } from './load-isolated-vm.js';
import type {
  ResolvedSandboxOptions,
  Sandbox,
  SandboxRunOptions,
  SandboxRunResult,
} from './sandbox-types.js';

/** Longest accepted code, in characters. */
export const MAX_CODE_LENGTH = 1_000_000;

/** A {@link Sandbox} whose isolates live in this process. Made by `createSandbox`. */
export class InProcessSandbox implements Sandbox {
  private pool: IsolatePool | undefined;
  private poolLoading: Promise<IsolatePool> | undefined;
  private closed = false;

  constructor(
    private readonly options: ResolvedSandboxOptions,
    allowNodeSnapshot: boolean,
  ) {
    if (!allowNodeSnapshot) assertNodeSnapshotDisabled();
  }

  async run(code: string, options: SandboxRunOptions = {}): Promise<SandboxRunResult> {
    if (this.closed) throw new ClosedError('the sandbox');
    checkCode(code);
    const hostNames = assertHostFunctionNames(options.hostFunctions);
    const inputJson = inputJsonOf(options.input);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const pool = this.pool ?? (await this.loadPool());
    const acquired = pool.acquire(options.signal);
    const slot: IsolateSlot = acquired instanceof Promise ? await acquired : acquired;
    try {
      return await slot.run({
        code,
        inputJson,
        timeoutMs,
        hostFunctions: options.hostFunctions,
        hostNames,
        signal: options.signal,
      });
    } finally {
      pool.release(slot);
    }
  }

  async warm(): Promise<void> {
    await (await this.loadPool()).warm();
  }

  async close(): Promise<void> {
    this.closed = true;
    (this.pool ?? (await this.poolLoading?.catch(() => undefined)))?.close();
  }

  private loadPool(): Promise<IsolatePool> {
    this.poolLoading ??= loadIsolatedVm().then((ivm) => {
      if (this.closed) throw new ClosedError('the sandbox');
      this.pool = new IsolatePool(ivm, this.options);
      return this.pool;
    });
    return this.poolLoading;
  }
}

function checkCode(code: unknown): asserts code is string {
  if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH) {
    throw new ValidationError('invalid sandbox code', [
      {
        path: ['code'],
        message:
          typeof code === 'string'
            ? `${code.length} characters is over the limit of ${MAX_CODE_LENGTH}`
            : `${typeof code} is not a string of JavaScript`,
      },
    ]);
  }
}

function inputJsonOf(input: unknown): string {
  try {
    return JSON.stringify(input === undefined ? null : input) ?? 'null';
  } catch (error) {
    throw new ValidationError('invalid sandbox input', [
      { path: ['input'], message: `it is not JSON (${(error as Error).message}): pass plain data` },
    ]);
  }
}
