import type { JsonObject, JsonValue } from '@agenticflow/core';

/** One long-term memory record: a JSON value under a key, in a namespace. */
export interface MemoryRecord<Value extends JsonValue = JsonValue> {
  /** The namespace the record belongs to, such as `user-42/preferences` or `thread/abc`. */
  readonly namespace: string;
  /** The record's key, unique in its namespace. */
  readonly key: string;
  /** The stored value: JSON only. */
  readonly value: Value;
  /** Flat facts about the record that `search` can filter on (`{ topic: 'billing' }`). */
  readonly metadata: JsonObject;
  /** 1 after the first put, +1 on each later put; the basis of optimistic concurrency. */
  readonly revision: number;
  /** When the key was first put (since it last did not exist), ISO-8601 UTC. */
  readonly createdAt: string;
  /** When the record was last put, ISO-8601 UTC. */
  readonly updatedAt: string;
}

/** Options of {@link MemoryStore.put}. */
export interface MemoryPutOptions {
  /** Facts to filter on with `search`; replaces the previous metadata. @defaultValue `{}` */
  readonly metadata?: JsonObject;
  /**
   * The revision the record must be at, `0` meaning "must not exist". A mismatch throws
   * `MEMORY_REVISION_CONFLICT` and writes nothing. @defaultValue no check
   */
  readonly expectedRevision?: number;
}

/** Options of {@link MemoryStore.delete}. */
export interface MemoryDeleteOptions {
  /** The revision the record must be at; see {@link MemoryPutOptions.expectedRevision}. */
  readonly expectedRevision?: number;
}

/** Options of {@link MemoryStore.list}. */
export interface MemoryListOptions {
  /** Only keys starting with this text. */
  readonly prefix?: string;
  /** Start after this key (exclusive): pass the previous page's `next`. */
  readonly after?: string;
  /** Most records to return, 1 to 1000. @defaultValue 100 */
  readonly limit?: number;
  /** Key order, by UTF-16 code units. @defaultValue 'asc' */
  readonly order?: 'asc' | 'desc';
}

/** One page of {@link MemoryStore.list}. */
export interface MemoryPage {
  readonly records: readonly MemoryRecord[];
  /** Pass as `after` to read the next page; absent on the last page. */
  readonly next?: string;
}

/** What {@link MemoryStore.search} looks for. Every given condition must hold. */
export interface MemorySearchQuery {
  /**
   * Metadata conditions: each field must equal the given value, or, when the record's field is
   * an array, contain it. `{ topic: 'billing', tags: 'urgent' }`.
   */
  readonly where?: JsonObject;
  /**
   * Words that must all appear (case-insensitive, as substrings) in the record's key or in any
   * string inside its value. Ranked by how often they appear.
   */
  readonly text?: string;
  /** Only keys starting with this text. */
  readonly prefix?: string;
  /** Most hits to return, 1 to 1000. @defaultValue 20 */
  readonly limit?: number;
}

/** One result of {@link MemoryStore.search}. */
export interface MemorySearchHit {
  readonly record: MemoryRecord;
  /** Occurrences of the query's words; 1 when the query has no `text`. Higher ranks first. */
  readonly score: number;
}

/**
 * Long-term memory: JSON records by namespace and key, with revisions, listing and search.
 * Implementations: {@link InMemoryMemoryStore}, {@link EventStoreMemoryStore} (any `EventStore`:
 * SQLite, PostgreSQL…) and {@link EncryptedMemoryStore} (wraps any of them). Thread and working
 * memory are built on this interface, so they work on every implementation.
 *
 * @example
 * ```ts
 * const memory: MemoryStore = new InMemoryMemoryStore();
 * await memory.put('user-42', 'diet', { vegetarian: true }, { metadata: { topic: 'food' } });
 * const record = await memory.get('user-42', 'diet'); // record.value.vegetarian === true
 * const hits = await memory.search('user-42', { where: { topic: 'food' } });
 * ```
 */
export interface MemoryStore {
  /** Stores `value` under `key`, replacing any previous value, and returns the stored record. */
  put(
    namespace: string,
    key: string,
    value: JsonValue,
    options?: MemoryPutOptions,
  ): Promise<MemoryRecord>;
  /** The record under `key`, or `undefined`. */
  get(namespace: string, key: string): Promise<MemoryRecord | undefined>;
  /**
   * Deletes the record under `key`; `false` when there was none. After it resolves no read
   * returns the value, and stores that can remove content have removed it.
   */
  delete(namespace: string, key: string, options?: MemoryDeleteOptions): Promise<boolean>;
  /** One page of the namespace's records in key order. */
  list(namespace: string, options?: MemoryListOptions): Promise<MemoryPage>;
  /** Records matching `query`, best first (score, then key). */
  search(namespace: string, query: MemorySearchQuery): Promise<readonly MemorySearchHit[]>;
  /** Deletes every record of the namespace, as {@link MemoryStore.delete} does; returns how many. */
  clear(namespace: string): Promise<number>;
}
