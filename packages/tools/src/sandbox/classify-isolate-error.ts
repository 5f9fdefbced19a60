import { AbortedError, type AgenticFlowError, TimeoutError } from '@agenticflow/core';
import { SandboxCrashedError, SandboxMemoryLimitError } from '../errors/sandbox-errors.js';

/** Why the host stopped a run, if it did. */
export interface StopReason {
  timedOut: boolean;
  aborted: boolean;
}

/**
 * Maps an error thrown by isolated-vm (not by the sandboxed code, whose errors come back as data)
 * to an AgenticFlow error. Returns whether the isolate must be thrown away.
 */
export function classifyIsolateError(
  error: unknown,
  stop: StopReason,
  limits: { timeoutMs: number; memoryLimitMb: number },
): { error: AgenticFlowError; fatal: boolean } {
  const message = error instanceof Error ? error.message : String(error);
  // isolated-vm's errors carry values some loggers cannot print: keep their text only.
  const cause = new Error(message);
  if (/memory limit/i.test(message)) {
    return { error: new SandboxMemoryLimitError(limits.memoryLimitMb, { cause }), fatal: true };
  }
  if (stop.aborted) {
    return {
      error: new AbortedError('the sandbox run was aborted by its caller', { cause }),
      fatal: true,
    };
  }
  if (stop.timedOut || /timed out/i.test(message)) {
    return {
      error: new TimeoutError(
        `sandboxed code ran past its time limit of ${limits.timeoutMs} ms: make it faster or raise timeoutMs`,
        { cause, details: { timeoutMs: limits.timeoutMs } },
      ),
      // A terminated run may leave queued microtasks behind: never reuse its context.
      fatal: true,
    };
  }
  return {
    error: new SandboxCrashedError(`the sandbox failed: ${message}`, { cause }),
    fatal: true,
  };
}
