import type { HostFunctions } from './host-function.js';

/** Options of `createSandbox`. */
export interface SandboxOptions {
  /**
   * `'in-process'` runs isolates in this process (it must run with `--no-node-snapshot`);
   * `'child-process'` runs them in a supervised child process that is restarted after a fatal
   * error, so even a crash of V8 cannot take the host down.
   * @defaultValue 'in-process'
   */
  readonly isolation?: 'in-process' | 'child-process';
  /** Heap limit of each isolate, in MB (isolated-vm's minimum is 8). @defaultValue 64 */
  readonly memoryLimitMb?: number;
  /** Time limit of a run, compile included, unless the run sets its own. @defaultValue 1_000 */
  readonly timeoutMs?: number;
  /** Largest result: UTF-8 bytes of its JSON. Larger → `SANDBOX_OUTPUT_TOO_LARGE`. @defaultValue 1_048_576 */
  readonly maxOutputBytes?: number;
  /** Console output kept per run, in characters; the rest is dropped and flagged. @defaultValue 65_536 */
  readonly maxLogBytes?: number;
  /** Isolates kept warm; runs beyond it wait. @defaultValue min(4, available parallelism) */
  readonly poolSize?: number;
  /** Runs that may wait for an isolate; more → `SANDBOX_BUSY`. @defaultValue 10_000 */
  readonly maxQueue?: number;
  /**
   * Synchronous code first runs on the main thread for at most this long (the fast path: no thread
   * hop); code still running then is re-run from the start off the main thread with the rest of
   * its time. `0` always runs off the main thread.
   * @defaultValue 5
   */
  readonly syncSliceMs?: number;
  /**
   * An isolate is replaced after this many runs off the main thread (those can leave pending host
   * calls behind), to bound leaks. @defaultValue 5_000
   */
  readonly maxRunsPerIsolate?: number;
  /** Host function calls allowed per run. @defaultValue 100 */
  readonly maxHostCalls?: number;
  /**
   * Skip the `--no-node-snapshot` check. Only for platforms where you have verified isolated-vm
   * is stable without it. @defaultValue false
   */
  readonly allowNodeSnapshot?: boolean;
  /** Where the child entry is (child-process isolation), for bundlers that move files. */
  readonly childEntry?: string | URL;
  /** Extra `execArgv` for the child process (child-process isolation). @defaultValue [] */
  readonly childExecArgv?: readonly string[];
}

/** Options of one run. */
export interface SandboxRunOptions {
  /** The value the code sees as `input` (a JSON copy). @defaultValue null */
  readonly input?: unknown;
  /** Time limit of this run. @defaultValue the sandbox's `timeoutMs` */
  readonly timeoutMs?: number;
  /** Host functions this code may call as `await host.<name>(argument)`. */
  readonly hostFunctions?: HostFunctions;
  /** Stops the run: it fails with `ABORTED` and its isolate is discarded. */
  readonly signal?: AbortSignal;
}

/** What a run returns. */
export interface SandboxRunResult {
  /** The code's return value, as a JSON copy (`undefined` becomes `null`). */
  readonly value: unknown;
  /** Lines written with `console.*`, capped at `maxLogBytes`. */
  readonly logs: readonly string[];
  /** Whether console output was dropped or cut. */
  readonly logsTruncated: boolean;
  readonly durationMs: number;
}

/**
 * Runs JavaScript written by a model or a user in an isolated-vm isolate: its own heap with a
 * memory limit, a time limit, no Node APIs, no network or files, only the host functions granted
 * to the run; results and arguments cross as JSON copies.
 *
 * The code is a function body: `input` holds the input, `return` gives the result, and `await`
 * may be used (then `host` holds the granted host functions).
 */
export interface Sandbox {
  /** Runs `code`. Rejects with `SANDBOX_CODE_ERROR`, `TIMEOUT`, `SANDBOX_MEMORY_LIMIT`, `SANDBOX_OUTPUT_TOO_LARGE`, `ABORTED`, `SANDBOX_CRASHED`, `SANDBOX_BUSY` or `CLOSED`. */
  run(code: string, options?: SandboxRunOptions): Promise<SandboxRunResult>;
  /** Creates the pool's isolates now instead of on first use. */
  warm(): Promise<void>;
  /** Disposes every isolate (and the child process). Runs in flight fail with `CLOSED`. */
  close(): Promise<void>;
}

/** {@link SandboxOptions} with defaults applied. */
export interface ResolvedSandboxOptions {
  readonly memoryLimitMb: number;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  readonly maxLogBytes: number;
  readonly poolSize: number;
  readonly maxQueue: number;
  readonly syncSliceMs: number;
  readonly maxRunsPerIsolate: number;
  readonly maxHostCalls: number;
}
