import type { ToolCaller, ToolContext } from '../tool-types.js';

/**
 * The {@link ToolContext} a tool's `execute` receives. A class with `signal` on its prototype: an
 * object literal with a getter, built on every call, made each call several times slower through
 * garbage collection (benchmark W6).
 */
export class CallContext implements ToolContext {
  constructor(
    readonly callId: string,
    readonly idempotencyKey: string,
    readonly caller: ToolCaller,
    readonly toolName: string,
    readonly callerSignal: AbortSignal | undefined,
    private readonly signalOf: () => AbortSignal,
  ) {}

  /** Created on first read: most tools never look at it. */
  get signal(): AbortSignal {
    return this.signalOf();
  }
}
