import { AbortedError, type Clock, TimeoutError } from '@agenticflow/core';
import type { AgentMessage } from './agent-messenger.js';
import type { RequestOutcome } from './conversation-events.js';

interface Waiter {
  readonly resolve: (outcome: RequestOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** The requests of one messenger that wait for their outcome, each with its own timer. */
export class PendingRequests {
  private readonly waiters = new Map<string, Waiter>();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.waiters.size;
  }

  /**
   * Waits for the outcome of `request`; rejects with `TIMEOUT` after `timeoutMs` of the clock, or
   * `ABORTED` when `signal` aborts. The returned promise is already marked handled.
   */
  wait(request: AgentMessage, timeoutMs: number, signal?: AbortSignal): Promise<RequestOutcome> {
    const timer = new AbortController();
    const waiting = new Promise<RequestOutcome>((resolve, reject) => {
      const finish = () => {
        this.waiters.delete(request.id);
        timer.abort();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        finish();
        reject(
          new AbortedError(
            `request ${request.id} (${request.type}) to agent ${request.to} was aborted`,
            {
              cause: signal?.reason,
            },
          ),
        );
      };
      this.waiters.set(request.id, {
        resolve: (outcome) => {
          finish();
          resolve(outcome);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      });
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.clock.sleep(timeoutMs, timer.signal).then(
        () => {
          if (!this.waiters.has(request.id)) return;
          finish();
          reject(
            new TimeoutError(
              `request ${request.id} (${request.type}) from ${request.from} to agent ${request.to} got no response within ${timeoutMs} ms: check that agent ${request.to} is listening and answers in time, or raise timeoutMs`,
              { details: { requestId: request.id, to: request.to, type: request.type, timeoutMs } },
            ),
          );
        },
        () => undefined,
      );
    });
    waiting.catch(() => undefined);
    return waiting;
  }

  /** Hands an outcome to its waiting request; returns false when none waits (a late reply). */
  settle(outcome: RequestOutcome): boolean {
    const waiter = this.waiters.get(outcome.requestId);
    waiter?.resolve(outcome);
    return waiter !== undefined;
  }

  /** Stops waiting for one request (its publish failed). */
  cancel(requestId: string, error: unknown): void {
    this.waiters.get(requestId)?.reject(error);
  }

  /** Rejects every waiting request with `error`. */
  rejectAll(error: unknown): void {
    for (const waiter of [...this.waiters.values()]) waiter.reject(error);
  }
}
