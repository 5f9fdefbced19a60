import { AbortedError } from '@agenticflow/core';
import { BudgetExceededError } from './llm-errors.js';

/**
 * The signal a run's calls get: aborted when the caller aborts or when `maxDurationMs` has
 * passed. It tells the two apart, so that the run is recorded as cancelled or as over budget.
 */
export class RunDeadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onAbort: () => void;
  private expired = false;

  constructor(
    private readonly runId: string,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly maxDurationMs: number | undefined,
  ) {
    this.signal = this.controller.signal;
    this.onAbort = () => this.controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) this.onAbort();
    else callerSignal?.addEventListener('abort', this.onAbort, { once: true });
    if (maxDurationMs !== undefined) {
      this.timer = setTimeout(() => {
        this.expired = true;
        this.controller.abort(this.overBudget());
      }, maxDurationMs);
      this.timer.unref();
    }
  }

  /** True once the caller aborted. */
  get cancelled(): boolean {
    return this.callerSignal?.aborted === true;
  }

  /** True once the time budget ran out (and the caller had not aborted first). */
  get timedOut(): boolean {
    if (this.cancelled || this.maxDurationMs === undefined) return false;
    return this.expired || this.elapsed() >= this.maxDurationMs;
  }

  /** Throws `ABORTED` or `BUDGET_EXCEEDED` (time) when the run must stop. */
  throwIfStopped(): void {
    if (this.cancelled) throw this.abortedError();
    if (this.timedOut) throw this.overBudget();
  }

  /** The error a run stopped by its signal ends with; `undefined` when it was not stopped. */
  stopError(): AbortedError | BudgetExceededError | undefined {
    if (this.cancelled) return this.abortedError();
    if (this.timedOut) return this.overBudget();
    return undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onAbort);
  }

  private abortedError(): AbortedError {
    return new AbortedError(`run ${this.runId} was aborted by its caller`, {
      cause: this.callerSignal?.reason,
      details: { runId: this.runId },
    });
  }

  private overBudget(): BudgetExceededError {
    return new BudgetExceededError(
      'time',
      this.maxDurationMs ?? 0,
      Math.round(this.elapsed()),
      this.runId,
    );
  }

  private elapsed(): number {
    return performance.now() - this.startedAt;
  }
}
