import { type Clock, isoTime, type JsonValue, systemClock } from '@agenticflow/core';
import { MemoryRevisionConflictError } from './memory-errors.js';
import {
  assertAddress,
  assertNamespace,
  checkExpectedRevision,
  checkPut,
  resolveListOptions,
  resolveSearchQuery,
} from './memory-input.js';
import { listRecords, searchRecords } from './memory-query.js';
import type {
  MemoryDeleteOptions,
  MemoryListOptions,
  MemoryPage,
  MemoryPutOptions,
  MemoryRecord,
  MemorySearchHit,
  MemorySearchQuery,
  MemoryStore,
} from './memory-store.js';

/** Options of {@link InMemoryMemoryStore}. */
export interface InMemoryMemoryStoreOptions {
  /** Source of `createdAt` and `updatedAt`. @defaultValue the system clock */
  readonly clock?: Clock;
}

/**
 * A {@link MemoryStore} in this process's memory: for tests and short-lived agents. Nothing
 * survives a restart; deleted values are dropped at once.
 *
 * @example
 * ```ts
 * const memory = new InMemoryMemoryStore();
 * await memory.put('user-42', 'name', 'Ada');
 * (await memory.get('user-42', 'name'))?.value; // 'Ada'
 * ```
 */
export class InMemoryMemoryStore implements MemoryStore {
  private readonly namespaces = new Map<string, Map<string, MemoryRecord>>();
  private readonly clock: Clock;

  constructor(options: InMemoryMemoryStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async put(
    namespace: string,
    key: string,
    value: JsonValue,
    options?: MemoryPutOptions,
  ): Promise<MemoryRecord> {
    const input = checkPut(namespace, key, value, options);
    const records = this.namespaces.get(namespace) ?? new Map<string, MemoryRecord>();
    const previous = records.get(key);
    this.checkRevision(namespace, key, previous, input.expectedRevision);
    const now = isoTime(this.clock);
    const record: MemoryRecord = Object.freeze({
      namespace,
      key,
      value: input.value,
      metadata: input.metadata,
      revision: (previous?.revision ?? 0) + 1,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    });
    records.set(key, record);
    this.namespaces.set(namespace, records);
    return record;
  }

  async get(namespace: string, key: string): Promise<MemoryRecord | undefined> {
    assertAddress('memory get', namespace, key);
    return this.namespaces.get(namespace)?.get(key);
  }

  async delete(namespace: string, key: string, options?: MemoryDeleteOptions): Promise<boolean> {
    assertAddress('memory delete', namespace, key);
    checkExpectedRevision('memory delete', options?.expectedRevision);
    const records = this.namespaces.get(namespace);
    const previous = records?.get(key);
    this.checkRevision(namespace, key, previous, options?.expectedRevision);
    if (!records || !previous) return false;
    records.delete(key);
    if (records.size === 0) this.namespaces.delete(namespace);
    return true;
  }

  async list(namespace: string, options?: MemoryListOptions): Promise<MemoryPage> {
    const resolved = resolveListOptions(namespace, options);
    return listRecords(this.namespaces.get(namespace)?.values() ?? [], resolved);
  }

  async search(namespace: string, query: MemorySearchQuery): Promise<readonly MemorySearchHit[]> {
    const resolved = resolveSearchQuery(namespace, query);
    return searchRecords(this.namespaces.get(namespace)?.values() ?? [], resolved);
  }

  async clear(namespace: string): Promise<number> {
    assertNamespace('memory clear', namespace);
    const count = this.namespaces.get(namespace)?.size ?? 0;
    this.namespaces.delete(namespace);
    return count;
  }

  private checkRevision(
    namespace: string,
    key: string,
    previous: MemoryRecord | undefined,
    expected: number | undefined,
  ): void {
    const actual = previous?.revision ?? 0;
    if (expected !== undefined && expected !== actual)
      throw new MemoryRevisionConflictError(namespace, key, expected, actual);
  }
}
