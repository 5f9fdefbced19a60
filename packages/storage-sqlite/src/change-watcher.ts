import { type Kysely, sql } from 'kysely';
import type { StoreSchema } from './schema.js';

/**
 * Tells a store's subscribers that new events may exist: at once for appends made through the
 * store, and within `intervalMs` for commits by any other connection (another process), found by
 * polling `PRAGMA data_version`. That pragma changes only when another connection commits, so one
 * cheap query per interval serves every subscriber, and they read only when there is news.
 */
export class ChangeWatcher {
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastVersion: number | undefined;
  private checking = false;

  constructor(
    private readonly db: Kysely<StoreSchema>,
    private readonly intervalMs: number,
    /** False for a private in-memory database: no other connection can write to it. */
    private readonly watchOtherConnections: boolean,
  ) {}

  /** Registers `listener`; returns its removal. Polling runs while anyone listens. */
  add(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.watchOtherConnections && this.timer === undefined) {
      this.timer = setInterval(() => void this.check(), this.intervalMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Wakes every listener: events were committed through this store. */
  notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Stops polling and forgets the listeners. */
  close(): void {
    this.listeners.clear();
    this.stop();
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.lastVersion = undefined;
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(this.db);
      const version = Number(rows[0]?.data_version);
      // The first reading has nothing to compare with: wake everyone once rather than miss a commit
      // made between a subscriber's last read and this baseline.
      const changed = this.lastVersion === undefined || version !== this.lastVersion;
      if (this.timer !== undefined) this.lastVersion = version;
      if (changed) this.notify();
    } catch {
      // A failed check (closing, a busy file) is retried at the next tick; subscribers that read
      // meanwhile get the error themselves and retry with backoff.
    } finally {
      this.checking = false;
    }
  }
}
