import type { MemoryStore } from '../../../src/memory/index.js';

/** How the MemoryStore conformance suite gets a store to test. */
export interface MemoryStoreHarness {
  /** Shown in the suite title, such as `'event store (sqlite file)'`. */
  readonly name: string;
  /** Opens a store, once per suite; tests share it and use their own namespaces. */
  create(): Promise<MemoryStore>;
  /** Closes what `create` opened. @defaultValue nothing to close */
  destroy?(store: MemoryStore): Promise<void>;
  /** Why the suite cannot run here; a reason fails it under `AF_REQUIRE_SERVICES=1`. */
  readonly skip?: string | undefined;
  /**
   * Everything the backend persists, as text, for stores that promise to remove deleted values
   * from storage; the suite checks a deleted value no longer appears in it.
   */
  readonly persistedText?: () => Promise<string>;
}
