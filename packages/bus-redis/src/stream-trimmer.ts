import type { Redis } from 'ioredis';
import { classifyRedisError } from './classify-redis-error.js';
import type { RedisStreamRetention } from './redis-event-bus-options.js';

// Each bus trims a stream after this many of its own appends there, or this long after its last
// trim of it, whichever comes first, and once more that long after its last untrimmed append:
// retention holds to within a few hundred entries per publisher even when publishing stops, and
// XADD stays as small as a raw client's.
const TRIM_EVERY = 500;
const TRIM_INTERVAL_MS = 1_000;

/**
 * Applies the retention with `XTRIM … ~` (approximate, in whole stream nodes) now and then,
 * instead of on every `XADD`.
 */
export class StreamTrimmer {
  private readonly streams = new Map<
    string,
    { appends: number; trimmedAt: number; trailing?: ReturnType<typeof setTimeout> }
  >();

  constructor(
    private readonly command: Redis,
    private readonly retention: RedisStreamRetention,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Counts an append to `stream`, trimming it when due. */
  noteAppend(stream: string): void {
    if (this.retention === 'unbounded') return;
    let state = this.streams.get(stream);
    if (!state) {
      state = { appends: 0, trimmedAt: 0 };
      this.streams.set(stream, state);
    }
    state.appends++;
    if (state.appends < TRIM_EVERY && performance.now() - state.trimmedAt < TRIM_INTERVAL_MS) {
      // Appends after the last trim: trim once more when the interval is up, publishing or not.
      if (!state.trailing) {
        const current = state;
        current.trailing = setTimeout(() => {
          current.trailing = undefined;
          if (current.appends > 0) this.trimNow(stream, current);
        }, TRIM_INTERVAL_MS);
        current.trailing.unref();
      }
      return;
    }
    this.trimNow(stream, state);
  }

  private trimNow(stream: string, state: { appends: number; trimmedAt: number }): void {
    state.appends = 0;
    state.trimmedAt = performance.now();
    this.trim(stream).catch((error: unknown) => {
      if (classifyRedisError(error) !== 'connection') this.onError(error);
    });
  }

  /** Stops the trailing trims (the bus is closing). */
  close(): void {
    for (const state of this.streams.values()) {
      if (state.trailing) clearTimeout(state.trailing);
      state.trailing = undefined;
    }
  }

  /** Trims `stream` to the retention now. */
  trim(stream: string): Promise<number> {
    const retention = this.retention;
    if (retention === 'unbounded') return Promise.resolve(0);
    return 'maxLength' in retention
      ? this.command.xtrim(stream, 'MAXLEN', '~', retention.maxLength)
      : this.command.xtrim(stream, 'MINID', '~', Date.now() - retention.maxAgeMs);
  }
}
