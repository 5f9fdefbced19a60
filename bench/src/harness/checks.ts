/**
 * Thrown when a run did not do all its work (events missing on read-back, a message handled twice).
 * A failed check fails the workload, so a broken system cannot look fast.
 */
export class ResultCheckError extends Error {
  override readonly name = 'ResultCheckError';
}

/** Throws {@link ResultCheckError} unless `actual === expected`. */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) {
    throw new ResultCheckError(`${what}: expected ${String(expected)}, got ${String(actual)}`);
  }
}

/** Throws {@link ResultCheckError} unless `condition` holds. */
export function expectTrue(condition: boolean, what: string): asserts condition {
  if (!condition) throw new ResultCheckError(what);
}

/**
 * Counts how often each of `total` sequence numbers was seen, and checks at the end that each was
 * seen exactly once.
 */
export class ExactlyOnceTracker {
  private readonly seen: Uint8Array;
  private count = 0;

  constructor(readonly total: number) {
    this.seen = new Uint8Array(total);
  }

  /** Records `seq`; returns the number recorded so far. */
  record(seq: number): number {
    if (Number.isInteger(seq) && seq >= 0 && seq < this.total && this.seen[seq]! < 255) {
      this.seen[seq]!++;
    }
    return ++this.count;
  }

  get handled(): number {
    return this.count;
  }

  /** Throws {@link ResultCheckError} naming the first sequence number not seen exactly once. */
  verify(what: string): void {
    for (let seq = 0; seq < this.total; seq++) {
      const times = this.seen[seq]!;
      if (times !== 1) {
        throw new ResultCheckError(`${what}: message #${seq} was handled ${times} times, not once`);
      }
    }
    expectEqual(this.count, this.total, `${what}: messages handled`);
  }
}
