/** The timers of one subscription, cleared together when it ends. */
export class SubscriptionTimers {
  private readonly timers = new Set<NodeJS.Timeout>();
  private cleared = false;

  /** Runs `work` once, `ms` from now. */
  after(ms: number, work: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void work();
    }, ms);
    this.timers.add(timer);
  }

  /** Runs `work` every `ms`, skipping a tick while the previous run is still going. */
  every(ms: number, work: () => Promise<void>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.cleared) return;
      running = true;
      void work().finally(() => {
        running = false;
      });
    }, ms);
    this.timers.add(timer);
  }

  /** Cancels every pending timer and interval. */
  clear(): void {
    this.cleared = true;
    // clearTimeout also clears intervals in Node.
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
