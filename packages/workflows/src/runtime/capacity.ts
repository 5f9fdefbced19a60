/**
 * The per-worker concurrency limit: how many step attempts run at once. Runs whose steps could not
 * be claimed for lack of room wait in line and are called back, in order, as room frees up.
 */
export class Capacity {
  private active = 0;
  private readonly line: Array<() => void> = [];
  private readonly inLine = new Set<() => void>();

  constructor(readonly limit: number) {}

  tryReserve(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }

  release(count = 1): void {
    this.active = Math.max(0, this.active - count);
    while (this.active < this.limit && this.line.length > 0) {
      const next = this.line.shift()!;
      this.inLine.delete(next);
      next();
    }
  }

  /** Resolves once one unit is reserved for the caller (waiting in line when full). */
  acquire(): Promise<void> {
    if (this.tryReserve()) return Promise.resolve();
    return new Promise((resolve) => {
      const take = () => {
        if (this.tryReserve()) resolve();
        else this.waitForRoom(take);
      };
      this.waitForRoom(take);
    });
  }

  /** Calls `retry` once room frees up (each callback is in line at most once). */
  waitForRoom(retry: () => void): void {
    if (this.inLine.has(retry)) return;
    this.inLine.add(retry);
    this.line.push(retry);
  }

  get running(): number {
    return this.active;
  }
}
