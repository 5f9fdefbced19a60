import {
  type Clock,
  ConfigurationError,
  describeValue,
  type EventStore,
  isoTime,
  type JsonValue,
  systemClock,
} from '@agenticflow/core';
import { MemoryRevisionConflictError } from '../memory-errors.js';
import {
  assertAddress,
  assertNamespace,
  checkExpectedRevision,
  checkPut,
  resolveListOptions,
  resolveSearchQuery,
} from '../memory-input.js';
import { listRecords, searchRecords } from '../memory-query.js';
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
import { type GenerationState, garbageCount } from './generation-state.js';
import { RecordDeleted, RecordPut } from './memory-events.js';
import { MemoryLog } from './memory-log.js';

/** Options of {@link EventStoreMemoryStore}. */
export interface EventStoreMemoryStoreOptions {
  /** The event store to keep memory in. The memory store never closes it. */
  readonly store: EventStore;
  /**
   * Whether `delete` removes the value from the event store at once, by moving the namespace's
   * other records to a new generation stream and deleting the old one (cost: one rewrite of the
   * namespace's live records). With `false`, `delete` appends a tombstone and the value stays in
   * the log until the next compaction.
   * @defaultValue true
   */
  readonly purgeOnDelete?: boolean;
  /**
   * Compact a namespace once its current generation holds this many events that no longer carry
   * a live record (overwritten values and tombstones). @defaultValue 500
   */
  readonly compactAfter?: number;
  /** Tries of one write against concurrent writers before `MEMORY_CONTENDED`. @defaultValue 20 */
  readonly maxAttempts?: number;
  /** Source of `createdAt` and `updatedAt`. @defaultValue the system clock */
  readonly clock?: Clock;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1_000_000) {
    throw new ConfigurationError(
      `invalid ${name} ${describeValue(value)}: use an integer from 1 to 1000000 (default ${fallback})`,
      { details: { option: name } },
    );
  }
  return value;
}

/**
 * A {@link MemoryStore} kept in any `EventStore` (in-memory, SQLite, PostgreSQL), so memory is
 * durable, shared between processes and audited like everything else. Each namespace is a head
 * stream `memory-<namespace>` pointing at a generation stream `memory-<namespace>~<id>` whose
 * events (`memory.record_put`, `memory.record_deleted`) fold into the records. Deleting, clearing
 * and compacting write the surviving records to a new generation and delete the old stream, so
 * removed values leave the store. See docs/memory.md.
 *
 * @example
 * ```ts
 * const events = await createSqliteEventStore({ filename: '.agenticflow/events.db' });
 * const memory = new EventStoreMemoryStore({ store: events });
 * await memory.put('user-42', 'diet', { vegetarian: true });
 * await memory.delete('user-42', 'diet'); // the value is gone from the SQLite file's tables
 * ```
 */
export class EventStoreMemoryStore implements MemoryStore {
  private readonly log: MemoryLog;
  private readonly clock: Clock;
  private readonly purgeOnDelete: boolean;
  private readonly compactAfter: number;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(options: EventStoreMemoryStoreOptions) {
    if (typeof options?.store?.append !== 'function') {
      throw new ConfigurationError(
        `EventStoreMemoryStore needs { store: EventStore }, got ${describeValue(options?.store)}: pass an InMemoryEventStore, a SQLite or a PostgreSQL store`,
      );
    }
    this.log = new MemoryLog(
      options.store,
      positiveInteger('maxAttempts', options.maxAttempts, 20),
    );
    this.clock = options.clock ?? systemClock;
    this.purgeOnDelete = options.purgeOnDelete ?? true;
    this.compactAfter = positiveInteger('compactAfter', options.compactAfter, 500);
  }

  async put(
    namespace: string,
    key: string,
    value: JsonValue,
    options?: MemoryPutOptions,
  ): Promise<MemoryRecord> {
    const input = checkPut(namespace, key, value, options);
    return this.locked(namespace, async () => {
      const { result, state } = await this.log.append(namespace, (current) => {
        const previous = checkRevision(current, key, input.expectedRevision);
        const now = isoTime(this.clock);
        const data = {
          key,
          value: input.value,
          metadata: input.metadata,
          revision: (previous?.revision ?? 0) + 1,
          createdAt: previous?.createdAt ?? now,
          updatedAt: now,
        };
        return { event: RecordPut.create(data), result: key };
      });
      const record = state.records.get(result) as MemoryRecord;
      await this.compactIfDue(namespace, state);
      return record;
    });
  }

  async get(namespace: string, key: string): Promise<MemoryRecord | undefined> {
    assertAddress('memory get', namespace, key);
    return this.locked(namespace, async () => {
      const { state } = await this.log.resolve(namespace, false);
      return state.records.get(key);
    });
  }

  async delete(namespace: string, key: string, options?: MemoryDeleteOptions): Promise<boolean> {
    assertAddress('memory delete', namespace, key);
    checkExpectedRevision('memory delete', options?.expectedRevision);
    const expected = options?.expectedRevision;
    return this.locked(namespace, async () => {
      const { state: current } = await this.log.resolve(namespace, false);
      if (!checkRevision(current, key, expected)) return false;
      if (this.purgeOnDelete) {
        return this.log.replace(namespace, 'compacted', (state) => {
          const existed = checkRevision(state, key, expected) !== undefined;
          const keys = [...state.records.keys()].filter((other) => other !== key);
          return { records: keys, result: existed };
        });
      }
      const { result, state } = await this.log.append(namespace, (current) => {
        if (!checkRevision(current, key, expected)) return { result: false };
        return { event: RecordDeleted.create({ key }), result: true };
      });
      await this.compactIfDue(namespace, state);
      return result;
    });
  }

  async list(namespace: string, options?: MemoryListOptions): Promise<MemoryPage> {
    const resolved = resolveListOptions(namespace, options);
    return this.locked(namespace, async () => {
      const { state } = await this.log.resolve(namespace, false);
      return listRecords(state.records.values(), resolved);
    });
  }

  async search(namespace: string, query: MemorySearchQuery): Promise<readonly MemorySearchHit[]> {
    const resolved = resolveSearchQuery(namespace, query);
    return this.locked(namespace, async () => {
      const { state } = await this.log.resolve(namespace, false);
      return searchRecords(state.records.values(), resolved);
    });
  }

  async clear(namespace: string): Promise<number> {
    assertNamespace('memory clear', namespace);
    return this.locked(namespace, async () => {
      const { state, headVersion } = await this.log.resolve(namespace, false);
      if (headVersion === 0 || (state.records.size === 0 && garbageCount(state) === 0)) return 0;
      return this.log.replace(namespace, 'cleared', (current) => ({
        records: [],
        result: current.records.size,
      }));
    });
  }

  /**
   * Rewrites the namespace's live records to a new generation and deletes the old stream, so
   * overwritten and tombstoned values leave the store. Also finishes a purge that a crash
   * interrupted. Returns how many records were kept.
   */
  async compact(namespace: string): Promise<number> {
    assertNamespace('memory compact', namespace);
    return this.locked(namespace, async () => {
      const { headVersion } = await this.log.resolve(namespace, false);
      if (headVersion === 0) return 0;
      return this.log.replace(namespace, 'compacted', (state) => ({
        records: state.records.keys(),
        result: state.records.size,
      }));
    });
  }

  private async compactIfDue(namespace: string, state: GenerationState): Promise<void> {
    if (garbageCount(state) < this.compactAfter) return;
    await this.log.replace(namespace, 'compacted', (current) => ({
      records: current.records.keys(),
      result: undefined,
    }));
  }

  // One operation per namespace at a time in this process: they share the folded state.
  private locked<T>(namespace: string, run: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(namespace) ?? Promise.resolve();
    const current = previous.then(run, run);
    const settled = current.catch(() => undefined);
    this.locks.set(namespace, settled);
    void settled.then(() => {
      if (this.locks.get(namespace) === settled) this.locks.delete(namespace);
    });
    return current;
  }
}

function checkRevision(
  state: GenerationState,
  key: string,
  expected: number | undefined,
): MemoryRecord | undefined {
  const previous = state.records.get(key);
  const actual = previous?.revision ?? 0;
  if (expected !== undefined && expected !== actual)
    throw new MemoryRevisionConflictError(state.namespace, key, expected, actual);
  return previous;
}
