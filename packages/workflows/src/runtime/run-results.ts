import { deserializeError, type JsonValue } from '@agenticflow/core';
import { RunCancelledError, RunFailedError } from '../errors.js';
import type { RunState } from '../state/run-state.js';

interface Waiter {
  resolve(output: JsonValue): void;
  reject(error: unknown): void;
}

/** Callers waiting for runs to end. */
export class RunResults {
  private readonly waiting = new Map<string, Waiter[]>();

  wait(runId: string): Promise<JsonValue> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(runId) ?? [];
      list.push({ resolve, reject });
      this.waiting.set(runId, list);
    });
  }

  /** Settles the waiters of an ended run. */
  settle(state: RunState): void {
    const list = this.waiting.get(state.runId);
    if (!list) return;
    this.waiting.delete(state.runId);
    for (const waiter of list) settleWaiter(waiter, state);
  }

  /** Rejects every waiter (the worker is closing). */
  rejectAll(error: unknown): void {
    for (const list of this.waiting.values()) for (const waiter of list) waiter.reject(error);
    this.waiting.clear();
  }
}

/** The outcome of an ended run: its output, or the error it ended with. */
export function runOutcome(state: RunState): { output: JsonValue } | { error: Error } {
  if (state.status === 'completed') return { output: state.output ?? null };
  if (state.status === 'cancelled')
    return { error: new RunCancelledError(state.runId, state.cancelReason ?? 'no reason given') };
  const cause = state.error ? deserializeError(state.error) : undefined;
  return {
    error: new RunFailedError(
      state.runId,
      state.error?.message ?? 'unknown error',
      cause ? { cause } : {},
    ),
  };
}

function settleWaiter(waiter: Waiter, state: RunState): void {
  const outcome = runOutcome(state);
  if ('output' in outcome) waiter.resolve(outcome.output);
  else waiter.reject(outcome.error);
}
