import { ConfigurationError, describeValue, hasErrorCode, type JsonValue } from '@agenticflow/core';
import { checkPut, resolveListOptions, resolveSearchQuery } from '../memory-input.js';
import { searchRecords } from '../memory-query.js';
import type {
  MemoryDeleteOptions,
  MemoryListOptions,
  MemoryPage,
  MemoryPutOptions,
  MemoryRecord,
  MemorySearchHit,
  MemorySearchQuery,
  MemoryStore,
} from '../memory-store.js';
import type { KeyRing } from './key-ring.js';
import { openValue, sealedKeyId, sealValue } from './sealed-record.js';

/** Options of {@link EncryptedMemoryStore}. */
export interface EncryptedMemoryStoreOptions {
  /** Where the sealed records are kept: any {@link MemoryStore}. */
  readonly store: MemoryStore;
  /** The key-encryption keys. */
  readonly keyRing: KeyRing;
}

/** What {@link EncryptedMemoryStore.reencrypt} did. */
export interface ReencryptResult {
  /** Records sealed again with the current key. */
  readonly reencrypted: number;
  /** Records already sealed with the current key, left as they were. */
  readonly unchanged: number;
  /** Records changed by another writer meanwhile (their new value was sealed by that writer). */
  readonly skipped: number;
}

const PAGE = 1000;

/**
 * A {@link MemoryStore} that encrypts every value with AES-256-GCM before it reaches the store it
 * wraps: each record gets a fresh data key, wrapped by the key ring's current key, and its
 * namespace, key and metadata are bound as associated data. Keys and metadata stay in clear so
 * listing and metadata filters work; text search decrypts the namespace in this process.
 *
 * @example
 * ```ts
 * const ring = new InMemoryKeyRing({ keys: [{ id: 'k1', key: randomBytes(32) }] });
 * const memory = new EncryptedMemoryStore({ store: new EventStoreMemoryStore({ store: events }), keyRing: ring });
 * await memory.put('user-42', 'ssn', '078-05-1120'); // the event store holds only ciphertext
 * ring.addKey('k2', randomBytes(32));                  // rotation: new writes use k2
 * await memory.reencrypt('user-42');                   // old records move to k2
 * ```
 */
export class EncryptedMemoryStore implements MemoryStore {
  private readonly inner: MemoryStore;
  private readonly keyRing: KeyRing;

  constructor(options: EncryptedMemoryStoreOptions) {
    if (
      typeof options?.store?.put !== 'function' ||
      typeof options.keyRing?.wrapKey !== 'function'
    ) {
      throw new ConfigurationError(
        `EncryptedMemoryStore needs { store: MemoryStore, keyRing: KeyRing }, got store ${describeValue(options?.store)} and keyRing ${describeValue(options?.keyRing)}`,
      );
    }
    this.inner = options.store;
    this.keyRing = options.keyRing;
  }

  async put(
    namespace: string,
    key: string,
    value: JsonValue,
    options?: MemoryPutOptions,
  ): Promise<MemoryRecord> {
    const input = checkPut(namespace, key, value, options);
    const sealed = await sealValue(this.keyRing, input.value, {
      namespace,
      key,
      metadata: input.metadata,
    });
    const stored = await this.inner.put(namespace, key, sealed, {
      metadata: input.metadata,
      ...(input.expectedRevision === undefined ? {} : { expectedRevision: input.expectedRevision }),
    });
    return Object.freeze({ ...stored, value: input.value });
  }

  async get(namespace: string, key: string): Promise<MemoryRecord | undefined> {
    const stored = await this.inner.get(namespace, key);
    return stored && this.open(stored);
  }

  delete(namespace: string, key: string, options?: MemoryDeleteOptions): Promise<boolean> {
    return this.inner.delete(namespace, key, options);
  }

  async list(namespace: string, options?: MemoryListOptions): Promise<MemoryPage> {
    const page = await this.inner.list(namespace, options);
    const records = await Promise.all(page.records.map((record) => this.open(record)));
    return page.next === undefined ? { records } : { records, next: page.next };
  }

  /**
   * Metadata-only queries run in the wrapped store; a query with `text` decrypts every record of
   * the namespace (under `prefix`) in this process, since the store holds no searchable plaintext.
   */
  async search(namespace: string, query: MemorySearchQuery): Promise<readonly MemorySearchHit[]> {
    const resolved = resolveSearchQuery(namespace, query);
    if (resolved.terms.length === 0) {
      const hits = await this.inner.search(namespace, query);
      return Promise.all(
        hits.map(async (hit) => ({ ...hit, record: await this.open(hit.record) })),
      );
    }
    const records: MemoryRecord[] = [];
    for await (const stored of this.all(namespace, resolved.prefix)) {
      records.push(await this.open(stored));
    }
    return searchRecords(records, resolved);
  }

  clear(namespace: string): Promise<number> {
    return this.inner.clear(namespace);
  }

  /**
   * Seals every record of `namespace` that is not under the current key again, with a fresh
   * data key under the current key (revisions go up by one). After it, deleting the old key
   * loses nothing of this namespace. Records that do not open (deleted key, tampering) make it
   * throw; the ones already done stay done.
   */
  async reencrypt(namespace: string): Promise<ReencryptResult> {
    const currentKeyId = await this.keyRing.currentKeyId();
    let reencrypted = 0;
    let unchanged = 0;
    let skipped = 0;
    for await (const stored of this.all(namespace, undefined)) {
      if (sealedKeyId(stored.value, stored) === currentKeyId) {
        unchanged++;
        continue;
      }
      const { value } = await this.open(stored);
      const sealed = await sealValue(this.keyRing, value, stored);
      try {
        await this.inner.put(namespace, stored.key, sealed, {
          metadata: stored.metadata,
          expectedRevision: stored.revision,
        });
        reencrypted++;
      } catch (error) {
        if (!hasErrorCode(error, 'MEMORY_REVISION_CONFLICT')) throw error;
        skipped++;
      }
    }
    return { reencrypted, unchanged, skipped };
  }

  private async *all(namespace: string, prefix: string | undefined): AsyncIterable<MemoryRecord> {
    let after: string | undefined;
    do {
      const options = resolveListOptions(namespace, { limit: PAGE, prefix, after });
      const page = await this.inner.list(namespace, options);
      yield* page.records;
      after = page.next;
    } while (after !== undefined);
  }

  private async open(stored: MemoryRecord): Promise<MemoryRecord> {
    const value = await openValue(this.keyRing, stored.value, stored);
    return Object.freeze({ ...stored, value });
  }
}
