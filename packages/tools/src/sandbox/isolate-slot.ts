import { AbortedError, ValidationError, zodIssuesToValidationIssues } from '@agenticflow/core';
import type IsolatedVm from 'isolated-vm';
import { SandboxCodeError, SandboxOutputTooLargeError } from '../errors/sandbox-errors.js';
import { classifyIsolateError, type StopReason } from './classify-isolate-error.js';
import type { HostFunctions } from './host-function.js';
import type { IsolatedVmModule } from './load-isolated-vm.js';
import { SANDBOX_BOOTSTRAP } from './sandbox-bootstrap.js';
import type { ResolvedSandboxOptions, SandboxRunResult } from './sandbox-types.js';

/** One run as the pool hands it to a slot. */
export interface SlotRun {
  readonly code: string;
  readonly inputJson: string;
  readonly timeoutMs: number;
  readonly hostFunctions: HostFunctions | undefined;
  readonly hostNames: readonly string[];
  readonly signal: AbortSignal | undefined;
}

interface CompiledCode {
  readonly id: number;
  readonly async: boolean;
  /**
   * `new` code runs off the main thread; once a run finished there within the synchronous slice,
   * it is `fast` and later runs take the synchronous fast path; fast code that outran the slice
   * on the main thread is `slow` and never runs there again (on this isolate).
   */
  state: 'new' | 'fast' | 'slow';
}

interface ActiveRun {
  readonly hostFunctions: HostFunctions;
  readonly controller: AbortController;
  hostCalls: number;
  closed: boolean;
}

const MAX_COMPILED = 256;
const NEVER = new Promise<never>(() => {});
/** The header of a result without console output (see the bootstrap). */
const PLAIN_OK = '{"t":"ok"}';
const OK_HEADER = { t: 'ok' } as const;

/**
 * One isolate with one warm, hardened context, used by one run at a time. Compiled code is cached
 * per slot. Any fatal error (memory limit, termination, crash) marks the slot dead; the pool then
 * replaces it.
 */
export class IsolateSlot {
  dead = false;
  runs = 0;
  // Keyed by the code string itself (its hash is cached on the string), one map per mode.
  private readonly compiled = {
    sync: new Map<string, CompiledCode>(),
    async: new Map<string, CompiledCode>(),
  };
  private active: ActiveRun | undefined;

  private constructor(
    private readonly isolate: IsolatedVm.Isolate,
    private readonly context: IsolatedVm.Context,
    private readonly api: {
      compile: IsolatedVm.Reference;
      call: IsolatedVm.Reference;
      callAsync: IsolatedVm.Reference;
      closeHost: IsolatedVm.Reference;
      forget: IsolatedVm.Reference;
    },
    private readonly options: ResolvedSandboxOptions,
  ) {}

  /** Creates the isolate, its context and the bootstrap, off the main thread where possible. */
  static async create(
    ivm: IsolatedVmModule,
    options: ResolvedSandboxOptions,
  ): Promise<IsolateSlot> {
    const isolate = new ivm.Isolate({ memoryLimit: options.memoryLimitMb });
    try {
      const context = await isolate.createContext();
      let slot: IsolateSlot | undefined;
      const dispatcher = new ivm.Reference((name: string, argsJson: string) =>
        slot ? slot.dispatchHostCall(name, argsJson) : NEVER,
      );
      const bootstrap = await context.eval(SANDBOX_BOOTSTRAP, { reference: true, timeout: 5_000 });
      const apiRef = (await bootstrap.apply(undefined, [dispatcher], {
        result: { reference: true },
        timeout: 5_000,
      })) as IsolatedVm.Reference;
      const get = (key: string) =>
        apiRef.get(key, { reference: true }) as Promise<IsolatedVm.Reference>;
      const [compile, call, callAsync, closeHost, forget] = await Promise.all(
        ['compile', 'call', 'callAsync', 'closeHost', 'forget'].map(get),
      );
      slot = new IsolateSlot(
        isolate,
        context,
        {
          compile: compile!,
          call: call!,
          callAsync: callAsync!,
          closeHost: closeHost!,
          forget: forget!,
        },
        options,
      );
      return slot;
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw classifyIsolateError(error, { timedOut: false, aborted: false }, options).error;
    }
  }

  /** Runs `run.code` with `run.inputJson`; rejects with a typed error. */
  async run(run: SlotRun): Promise<SandboxRunResult> {
    const startedAt = performance.now();
    const forceAsync = run.hostNames.length > 0;
    const compiled =
      (forceAsync ? this.compiled.async : this.compiled.sync).get(run.code) ??
      (await this.compile(run.code, forceAsync, run.timeoutMs));
    const sliceMs = Math.min(this.options.syncSliceMs, run.timeoutMs);
    if (compiled.state === 'fast' && sliceMs > 0 && !run.signal?.aborted) {
      try {
        const envelope = this.api.call.applySync(
          undefined,
          [compiled.id, run.inputJson, this.options.maxOutputBytes, this.options.maxLogBytes],
          { timeout: sliceMs },
        ) as unknown;
        return this.decode(envelope, startedAt);
      } catch (error) {
        if (error instanceof SandboxCodeError || error instanceof SandboxOutputTooLargeError)
          throw error;
        const timedOutInSlice = /timed out/i.test((error as Error)?.message ?? '');
        if (!timedOutInSlice || sliceMs >= run.timeoutMs) {
          this.dead = true;
          throw classifyIsolateError(
            error,
            { timedOut: false, aborted: false },
            { ...this.options, timeoutMs: run.timeoutMs },
          ).error;
        }
        // Too slow for the main thread: re-run it from the start off the main thread. Safe because
        // pure code in a frozen context has no effects outside its own call.
        compiled.state = 'slow';
        this.dead = true;
      }
    }
    const remainingMs = Math.max(1, Math.ceil(run.timeoutMs - (performance.now() - startedAt)));
    return this.runOffThread(run, compiled, remainingMs, startedAt);
  }

  private async runOffThread(
    run: SlotRun,
    compiled: CompiledCode,
    remainingMs: number,
    startedAt: number,
  ): Promise<SandboxRunResult> {
    // Only runs off the main thread can leave work behind (pending host calls), so only they count
    // towards recycling the isolate.
    this.runs++;
    if (this.runs >= this.options.maxRunsPerIsolate) this.dead = true;
    const stop: StopReason = { timedOut: false, aborted: false };
    const active: ActiveRun = {
      hostFunctions: run.hostFunctions ?? {},
      controller: new AbortController(),
      hostCalls: 0,
      closed: false,
    };
    this.active = active;
    // isolated-vm's own timeout does not cover code that resumes after a host call: this does.
    const kill = (reason: 'timedOut' | 'aborted') => {
      stop[reason] = true;
      this.dispose();
    };
    if (run.signal?.aborted) {
      this.active = undefined;
      throw new AbortedError('the sandbox run was aborted before it started', {
        cause: run.signal.reason,
      });
    }
    const watchdog = setTimeout(() => kill('timedOut'), remainingMs + 5);
    const onAbort = () => kill('aborted');
    run.signal?.addEventListener('abort', onAbort, { once: true });
    const callStartedAt = performance.now();
    try {
      const envelope = compiled.async
        ? await this.api.callAsync.apply(
            undefined,
            [
              compiled.id,
              run.inputJson,
              this.options.maxOutputBytes,
              this.options.maxLogBytes,
              JSON.stringify(run.hostNames),
            ],
            { timeout: remainingMs, result: { promise: true } },
          )
        : await this.api.call.apply(
            undefined,
            [compiled.id, run.inputJson, this.options.maxOutputBytes, this.options.maxLogBytes],
            { timeout: remainingMs },
          );
      if (stop.timedOut || stop.aborted) throw new Error('stopped by the host');
      const result = this.decode(envelope, callStartedAt, compiled);
      return { ...result, durationMs: performance.now() - startedAt };
    } catch (error) {
      if (error instanceof SandboxCodeError || error instanceof SandboxOutputTooLargeError)
        throw error;
      this.dead = true;
      throw classifyIsolateError(error, stop, { ...this.options, timeoutMs: run.timeoutMs }).error;
    } finally {
      clearTimeout(watchdog);
      run.signal?.removeEventListener('abort', onAbort);
      active.closed = true;
      active.controller.abort();
      this.active = undefined;
      if (!this.isolate.isDisposed && compiled.async) {
        this.api.closeHost.applyIgnored(undefined, []);
      }
    }
  }

  private async compile(
    code: string,
    forceAsync: boolean,
    timeoutMs: number,
  ): Promise<CompiledCode> {
    const cache = forceAsync ? this.compiled.async : this.compiled.sync;
    let answer: unknown;
    try {
      answer = await this.api.compile.apply(undefined, [code, forceAsync], {
        timeout: Math.max(timeoutMs, 1_000),
      });
    } catch (error) {
      this.dead = true;
      throw classifyIsolateError(
        error,
        { timedOut: false, aborted: false },
        { ...this.options, timeoutMs },
      ).error;
    }
    const parsed = JSON.parse(String(answer).split('\n')[0]!) as {
      id?: number;
      async?: boolean;
      n?: string;
      m?: string;
    };
    if (parsed.id === undefined)
      throw new SandboxCodeError(
        parsed.n ?? 'SyntaxError',
        parsed.m ?? 'the code does not compile',
      );
    if (cache.size >= MAX_COMPILED) {
      const [oldestKey, oldest] = cache.entries().next().value as [string, CompiledCode];
      cache.delete(oldestKey);
      this.api.forget.applyIgnored(undefined, [oldest.id]);
    }
    const entry: CompiledCode = { id: parsed.id, async: parsed.async === true, state: 'new' };
    cache.set(code, entry);
    return entry;
  }

  private decode(envelope: unknown, startedAt: number, promote?: CompiledCode): SandboxRunResult {
    if (promote && !promote.async && promote.state === 'new') {
      // Proven on this slot to finish quickly: later runs may take the synchronous fast path.
      if (performance.now() - startedAt < this.options.syncSliceMs) promote.state = 'fast';
    }
    if (typeof envelope !== 'string')
      throw new SandboxCodeError('TypeError', 'the sandbox returned no result');
    const newline = envelope.indexOf('\n');
    const headerText = envelope.slice(0, newline);
    const header = (headerText === PLAIN_OK ? OK_HEADER : JSON.parse(headerText)) as {
      t: 'ok' | 'err' | 'big';
      l?: string[];
      d?: number;
      n?: string;
      m?: string;
      c?: number;
    };
    if (header.t === 'err') throw new SandboxCodeError(header.n ?? 'Error', header.m ?? '');
    const limit = this.options.maxOutputBytes;
    if (header.t === 'big') throw new SandboxOutputTooLargeError(header.c ?? limit + 1, limit);
    const json = envelope.slice(newline + 1);
    if (json.length * 3 > limit) {
      const bytes = Buffer.byteLength(json, 'utf8');
      if (bytes > limit) throw new SandboxOutputTooLargeError(bytes, limit);
    }
    return {
      value: parseResult(json),
      logs: header.l ?? [],
      logsTruncated: (header.d ?? 0) > 0,
      durationMs: performance.now() - startedAt,
    };
  }

  /**
   * Runs a host function for the sandbox. It never rejects (a rejection would surface in the host
   * as an unhandled one): the reply is `v<json>` or `e<message>`, and the bootstrap throws the
   * message inside the sandbox.
   */
  private async dispatchHostCall(name: string, argsJson: string): Promise<string> {
    const active = this.active;
    if (!active || active.closed) return NEVER;
    const fn = Object.hasOwn(active.hostFunctions, name) ? active.hostFunctions[name] : undefined;
    if (!fn) return `ehost.${name} is not granted to this code`;
    if (++active.hostCalls > this.options.maxHostCalls) {
      return `emore than ${this.options.maxHostCalls} host calls in one run`;
    }
    const parsed = fn.input.safeParse(JSON.parse(argsJson));
    if (!parsed.success) {
      const issues = zodIssuesToValidationIssues(parsed.error.issues);
      return `e${new ValidationError(`invalid argument for host.${name}`, issues).message}`;
    }
    let reply: string;
    try {
      let result = await fn.call(parsed.data, { signal: active.controller.signal });
      if (fn.output) result = fn.output.parse(result);
      reply = `v${JSON.stringify(result ?? null)}`;
    } catch (error) {
      reply = `ehost.${name} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (active.closed) return NEVER;
    return reply;
  }

  /** Discards the isolate (and stops any code running in it). Safe to call more than once. */
  dispose(): void {
    this.dead = true;
    if (!this.isolate.isDisposed) {
      this.context.release();
      this.isolate.dispose();
    }
  }
}

/** Parses result JSON from the sandbox; a `"__proto__"` key is dropped so merging it is safe. */
function parseResult(json: string): unknown {
  if (!json.includes('"__proto__"')) return JSON.parse(json);
  return JSON.parse(json, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}
