/**
 * Tells other processes that events were appended, with at most one NOTIFY per `intervalMs` and
 * one in flight at a time (appends in between are covered by the next one).
 *
 * The NOTIFY is not sent inside the append's transaction on purpose: PostgreSQL serializes the
 * commits of notifying transactions under one database-wide lock held through the WAL flush, which
 * would undo group commit and cap concurrent appends at the rate of a single writer. Sent after the
 * append has committed, in its own transaction that skips the flush wait, it costs appends nothing
 * and can never wake a reader before the events are visible.
 */
export class AppendNotifier {
  private inFlight: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly send: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  /** Notes that events were appended; a NOTIFY follows now or within `intervalMs`. */
  poke(): void {
    if (this.closed) return;
    if (this.inFlight !== undefined || this.timer !== undefined) {
      this.pending = true;
      return;
    }
    const wait = this.lastSentAt + this.intervalMs - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.fire();
      }, wait);
      return;
    }
    this.fire();
  }

  /** Stops sending and waits for a NOTIFY in flight. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private fire(): void {
    this.pending = false;
    this.lastSentAt = performance.now();
    // A failed NOTIFY only delays other processes until their next poll.
    this.inFlight = this.send()
      .catch(() => {})
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending) this.poke();
      });
  }
}
