import { isRetryableError } from '../errors/agenticflow-error.js';
import { ConfigurationError, ValidationError } from '../errors/core-errors.js';
import type { AgenticEvent } from '../events/envelope.js';
import { type Backoff, exponentialBackoff } from '../util/backoff.js';
import { describe } from '../util/describe.js';
import type {
  ReadAllOptions,
  StoreSubscribeOptions,
  StoreSubscription,
  SubscriptionEnd,
} from './event-store.js';

/**
 * What a store gives {@link startCatchUpSubscription}. The loop is the same for every store; a
 * store only says how to read, how to learn of appends, and where consumer positions live.
 */
export interface CatchUpSource {
  /** The store's `readAll`: it must never yield past an event that may still commit. */
  readAll(options: ReadAllOptions): AsyncIterable<AgenticEvent>;
  /** Position of the last event a reader can see now (`0n` when empty). */
  headPosition(): Promise<bigint>;
  /** Registers a callback for "new events may exist"; returns its removal. Omit to only poll. */
  onAppend?(listener: () => void): () => void;
  /**
   * Read again after this long even without a notification (a safety net for lost
   * notifications); `0` disables polling, which needs `onAppend`.
   */
  readonly pollIntervalMs: number;
  /** The stored position of a consumer. */
  loadPosition(consumer: string): Promise<bigint | null>;
  /** Stores a consumer's position; must never move it backwards. */
  savePosition(consumer: string, position: bigint): Promise<void>;
}

const DEFAULT_BATCH_SIZE = 500;
const retryDelay: Backoff = exponentialBackoff({ initialMs: 50, maxMs: 5_000 });

/**
 * Runs a catch-up-then-live subscription over a {@link CatchUpSource}. Store adapters implement
 * `subscribe` with it. Retryable read failures (a dropped connection) are retried with backoff;
 * a handler error or a non-retryable failure ends the subscription.
 */
export function startCatchUpSubscription(
  source: CatchUpSource,
  options: StoreSubscribeOptions,
): StoreSubscription {
  validateSubscribeOptions(options);
  if (!(source.pollIntervalMs > 0) && !source.onAppend) {
    throw new ConfigurationError(
      `a catch-up source needs onAppend or a pollIntervalMs > 0, got pollIntervalMs ${source.pollIntervalMs} and no onAppend: without either, live events would never arrive`,
    );
  }
  return new CatchUpSubscription(source, options);
}

function validateSubscribeOptions(options: StoreSubscribeOptions): void {
  const issues = [];
  if (typeof options?.handler !== 'function') {
    issues.push({
      path: ['handler'],
      message: `must be a function, got ${describe(options?.handler)}`,
    });
  }
  const from = options?.from;
  if (
    from !== undefined &&
    from !== 'start' &&
    from !== 'end' &&
    !(typeof from === 'bigint' && from >= 1n)
  ) {
    issues.push({
      path: ['from'],
      message: `must be 'start', 'end' or a position >= 1n, got ${describe(from)}`,
    });
  }
  if (
    options?.consumer !== undefined &&
    (typeof options.consumer !== 'string' || options.consumer.length === 0)
  ) {
    issues.push({
      path: ['consumer'],
      message: `must be a non-empty string, got ${describe(options.consumer)}`,
    });
  }
  const batch = options?.batchSize;
  if (batch !== undefined && !(Number.isInteger(batch) && batch > 0)) {
    issues.push({
      path: ['batchSize'],
      message: `must be a positive integer, got ${describe(batch)}`,
    });
  }
  if (issues.length > 0) throw new ValidationError('invalid subscribe options', issues);
}

class CatchUpSubscription implements StoreSubscription {
  readonly consumer: string | undefined;
  readonly caughtUp: Promise<void>;
  readonly ended: Promise<SubscriptionEnd>;
  position: bigint | null = null;

  private readonly abort = new AbortController();
  private readonly batchSize: number;
  private markCaughtUp!: () => void;
  private wake: (() => void) | null = null;
  private dirty = true;
  private waitingForTimerOnly = false;
  private removeListener: (() => void) | undefined;

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: StoreSubscribeOptions,
  ) {
    this.consumer = options.consumer;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.caughtUp = new Promise((resolve) => {
      this.markCaughtUp = resolve;
    });
    this.removeListener = source.onAppend?.(() => {
      this.dirty = true;
      if (!this.waitingForTimerOnly) this.wake?.();
    });
    this.ended = this.run().then(
      (end) => this.finish(end),
      (error: unknown) => this.finish({ reason: 'failed', error }),
    );
  }

  async close(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.ended;
  }

  private finish(end: SubscriptionEnd): SubscriptionEnd {
    this.removeListener?.();
    this.markCaughtUp();
    return end;
  }

  private async run(): Promise<SubscriptionEnd> {
    let cursor = await this.startPosition();
    let failures = 0;
    while (!this.abort.signal.aborted) {
      this.dirty = false;
      let count = 0;
      try {
        for await (const event of this.source.readAll({
          ...this.options.filter,
          fromPosition: cursor,
          limit: this.batchSize,
        })) {
          if (this.abort.signal.aborted) return { reason: 'closed' };
          try {
            await this.options.handler(event);
          } catch (error) {
            return { reason: 'failed', error };
          }
          this.position = event.position;
          cursor = event.position + 1n;
          count++;
          if (this.consumer !== undefined)
            await this.source.savePosition(this.consumer, event.position);
        }
        failures = 0;
      } catch (error) {
        if (!isRetryableError(error)) return { reason: 'failed', error };
        failures++;
        await this.pause(retryDelay(failures), true);
        continue;
      }
      if (count < this.batchSize) {
        this.markCaughtUp();
        if (!this.dirty) await this.pause(this.source.pollIntervalMs);
      }
    }
    return { reason: 'closed' };
  }

  private async startPosition(): Promise<bigint> {
    if (this.consumer !== undefined) {
      const stored = await this.source.loadPosition(this.consumer);
      if (stored !== null) {
        this.position = stored;
        return stored + 1n;
      }
    }
    const from = this.options.from ?? 'start';
    if (from === 'start') return 1n;
    if (from === 'end') return (await this.source.headPosition()) + 1n;
    return from;
  }

  /** Waits for a notification (unless `timerOnly`), `ms` (0 = no timer), or close. */
  private pause(ms: number, timerOnly = false): Promise<void> {
    if (this.abort.signal.aborted || (this.dirty && !timerOnly)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms > 0 ? setTimeout(done, ms) : undefined;
      const self = this;
      function done() {
        if (timer) clearTimeout(timer);
        self.wake = null;
        self.waitingForTimerOnly = false;
        resolve();
      }
      this.wake = done;
      this.waitingForTimerOnly = timerOnly;
    });
  }
}
