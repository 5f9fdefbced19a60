import type { StreamEntry } from './stream-entry.js';

/** A message a subscription holds: queued, running, or waiting for its retry. */
export interface Tracked {
  entry: StreamEntry;
  /** The delivery count: 1 on the first delivery, then as Redis counts them. */
  attempt: number;
  state: 'queued' | 'running' | 'waiting';
  /** `working()` was called since the last keep-alive. */
  working: boolean;
  lastError?: unknown;
}

/** The messages a subscription holds, by stream and entry id. */
export class TrackedEntries {
  private readonly byStream = new Map<string, Map<string, Tracked>>();
  // Most subscriptions read one stream: remember its map to skip the outer lookup.
  private lastStream: string | undefined;
  private lastEntries: Map<string, Tracked> | undefined;

  has(stream: string, entryId: string): boolean {
    return this.entries(stream)?.has(entryId) ?? false;
  }

  add(tracked: Tracked): void {
    const stream = tracked.entry.stream;
    let entries = this.entries(stream);
    if (!entries) {
      entries = new Map();
      this.byStream.set(stream, entries);
      this.lastStream = stream;
      this.lastEntries = entries;
    }
    entries.set(tracked.entry.entryId, tracked);
  }

  delete(stream: string, entryId: string): void {
    this.entries(stream)?.delete(entryId);
  }

  /** The entries held on `stream`. */
  on(stream: string): Iterable<Tracked> {
    return this.entries(stream)?.values() ?? [];
  }

  clear(): void {
    this.byStream.clear();
    this.lastStream = undefined;
    this.lastEntries = undefined;
  }

  private entries(stream: string): Map<string, Tracked> | undefined {
    if (stream === this.lastStream) return this.lastEntries;
    const entries = this.byStream.get(stream);
    if (entries) {
      this.lastStream = stream;
      this.lastEntries = entries;
    }
    return entries;
  }
}
