import type { Redis } from 'ioredis';

// Ids per XACK: large enough to ack a whole read batch at once, small enough to keep replies short.
const MAX_IDS_PER_ACK = 1_000;
const RETRY_DELAY_MS = 500;

/**
 * Collects the entry ids a subscription's handlers finished and acknowledges them in one `XACK`
 * per stream after the current turn of the event loop. Acks that fail (the connection dropped)
 * are kept and sent again, so a handled message is not redelivered only because its ack was lost.
 */
export class AckBatcher {
  private pending = new Map<string, string[]>();
  private scheduled = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly command: Redis,
    private readonly group: string,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  add(stream: string, entryId: string): void {
    if (this.stopped) return;
    let ids = this.pending.get(stream);
    if (!ids) {
      ids = [];
      this.pending.set(stream, ids);
    }
    ids.push(entryId);
    if (ids.length >= MAX_IDS_PER_ACK) void this.flush();
    else this.schedule();
  }

  /** Sends every pending ack now; on failure they stay pending and are retried later. */
  async flush(): Promise<void> {
    if (this.stopped || this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await Promise.all(
        [...batch].map(([stream, ids]) => this.command.xack(stream, this.group, ...ids)),
      );
    } catch (error) {
      for (const [stream, ids] of batch) {
        const waiting = this.pending.get(stream);
        if (waiting) waiting.unshift(...ids);
        else this.pending.set(stream, ids);
      }
      this.onFailure(error);
      if (!this.stopped && this.retryTimer === undefined) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          void this.flush();
        }, RETRY_DELAY_MS);
      }
    }
  }

  /** Stops retrying; acks still pending are dropped (their messages will be redelivered). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }
}
