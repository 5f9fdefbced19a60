import {
  type AgenticEvent,
  type AppendOptions,
  type AppendResult,
  appendWithSpan,
  type CatchUpSource,
  ClosedError,
  ConfigurationError,
  createUuidV7Generator,
  type EventStore,
  type EventStoreCapabilities,
  eventStoreCapabilities,
  type NewEvent,
  otelApi,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SaveSnapshotInput,
  type Snapshot,
  type StoreSubscribeOptions,
  type StoreSubscription,
  startCatchUpSubscription,
  systemClock,
} from '@agenticflow/core';
import { sql } from 'kysely';
import { appendToStream } from './append-to-stream.js';
import { ChangeWatcher } from './change-watcher.js';
import { classifySqliteError } from './classify-sqlite-error.js';
import { loadConsumerPosition, saveConsumerPosition } from './consumer-positions.js';
import { deleteStream } from './delete-stream.js';
import { migrateSchema, pendingMigrations } from './migrations/migrate-schema.js';
import { type OpenedDatabase, openDatabase } from './open-database.js';
import { readAll } from './read-all.js';
import { readStream } from './read-stream.js';
import { loadSnapshot, saveSnapshot } from './snapshots.js';
import {
  type ResolvedSqliteEventStoreOptions,
  resolveSqliteEventStoreOptions,
  type SqliteEventStoreOptions,
} from './sqlite-event-store-options.js';
import { errorContext, type StoreContext } from './store-context.js';

// Subscribers re-read this often even without news: a safety net under the change watcher.
const SAFETY_POLL_MS = 5_000;

/**
 * Opens a {@link SqliteEventStore}: the connection, its pragmas (WAL, `synchronous`, busy timeout)
 * and, unless `migrate: false`, the schema migrations.
 *
 * @example
 * ```ts
 * const store = await createSqliteEventStore({ filename: '.agenticflow/events.db' });
 * const { nextExpectedVersion } = await store.append(
 *   'run-1',
 *   [{ type: 'run.started', data: { workflow: 'report' } }],
 *   { expectedVersion: 'no_stream' },
 * );
 * for await (const event of store.readStream('run-1')) console.log(event.version, event.type);
 * await store.close();
 * ```
 */
export async function createSqliteEventStore(
  options: SqliteEventStoreOptions,
): Promise<SqliteEventStore> {
  const resolved = resolveSqliteEventStoreOptions(options);
  const opened = await openDatabase(resolved);
  try {
    if (resolved.migrate) await migrateSchema(opened.db, opened.filename, resolved.busyTimeoutMs);
    else await assertMigrated(opened.db, opened.filename);
  } catch (error) {
    if (opened.ownsKysely) await opened.db.destroy().catch(() => {});
    throw classifySqliteError(error, {
      operation: 'migrating the event store',
      filename: opened.filename,
      busyTimeoutMs: resolved.busyTimeoutMs,
    });
  }
  return new SqliteEventStore(opened, resolved);
}

async function assertMigrated(db: OpenedDatabase['db'], filename: string): Promise<void> {
  const pending = await pendingMigrations(db, filename);
  if (pending.length > 0) {
    throw new ConfigurationError(
      `the event store in ${filename} lacks migration ${pending.join(', ')} and was opened with migrate: false: call store.migrate() (or open it once with migrate: true) before using it`,
      { details: { filename, pendingMigrations: pending } },
    );
  }
}

/**
 * The embedded {@link EventStore}: SQLite on one file through kysely and better-sqlite3. Every
 * append is one `BEGIN IMMEDIATE` transaction; the file is in WAL mode, so any number of
 * processes read while one writes, and writers from several processes take turns (waiting up to
 * `busyTimeoutMs`). Subscribers are woken at once by appends through this store and by polling
 * for other processes' commits. Create it with {@link createSqliteEventStore}.
 */
export class SqliteEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities;
  /** The database file, or `':memory:'`. */
  readonly filename: string;

  private readonly context: StoreContext;
  private readonly watcher: ChangeWatcher;
  private readonly subscriptions = new Set<StoreSubscription>();
  private readonly opened: OpenedDatabase;
  private closing: Promise<void> | undefined;

  /** @internal Use {@link createSqliteEventStore}. */
  constructor(opened: OpenedDatabase, options: ResolvedSqliteEventStoreOptions) {
    const clock = options.clock ?? systemClock;
    this.opened = opened;
    this.filename = opened.filename;
    this.capabilities = eventStoreCapabilities({
      durable: !opened.memory,
      multiProcess: !opened.memory,
      liveNotifications: true,
      maxEventBytes: options.maxEventBytes,
    });
    this.context = {
      db: opened.db,
      filename: opened.filename,
      busyTimeoutMs: options.busyTimeoutMs,
      maxEventBytes: options.maxEventBytes,
      maxSnapshotBytes: options.maxSnapshotBytes,
      clock,
      newId: options.newId ?? createUuidV7Generator(clock),
    };
    this.watcher = new ChangeWatcher(opened.db, options.pollIntervalMs, !opened.memory);
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const otel = otelApi();
    if (otel === undefined) return this.appendNow(streamId, events, options);
    return appendWithSpan(otel, 'sqlite', streamId, events, options, () =>
      this.appendNow(streamId, events, options),
    );
  }

  private async appendNow(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const result = await appendToStream(this.context, streamId, events, options);
    if (result.events.length > 0 && !result.duplicate) this.watcher.notify();
    return result;
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<AgenticEvent> {
    this.assertOpen();
    yield* readStream(this.context, streamId, options);
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<AgenticEvent> {
    this.assertOpen();
    yield* readAll(this.context, options);
  }

  subscribe(options: StoreSubscribeOptions): StoreSubscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(this.catchUpSource(), options);
    this.subscriptions.add(subscription);
    void subscription.ended.then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async getConsumerPosition(consumer: string): Promise<bigint | null> {
    this.assertOpen();
    return loadConsumerPosition(this.context, consumer);
  }

  async saveSnapshot(streamId: string, snapshot: SaveSnapshotInput): Promise<void> {
    this.assertOpen();
    return saveSnapshot(this.context, streamId, snapshot);
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | null> {
    this.assertOpen();
    return loadSnapshot(this.context, streamId);
  }

  async deleteStream(streamId: string): Promise<boolean> {
    this.assertOpen();
    return deleteStream(this.context, streamId);
  }

  /**
   * Applies the schema migrations this version knows and the file lacks; returns their names
   * (none when up to date). Safe to run from several processes at once: they take turns on the
   * file's write lock. Fails with `INVALID_CONFIGURATION` when the file was migrated by a newer
   * version of this package.
   */
  async migrate(): Promise<readonly string[]> {
    this.assertOpen();
    try {
      return await migrateSchema(this.context.db, this.filename, this.context.busyTimeoutMs);
    } catch (error) {
      throw classifySqliteError(error, errorContext(this.context, 'migrating the event store'));
    }
  }

  /** Stops the subscriptions, waits for operations under way, and closes what the store opened. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.watcher.close();
    // Queued behind every operation already waiting for the connection.
    await this.context.db
      .connection()
      .execute(async (db) => sql`select 1`.execute(db))
      .catch(() => {});
    if (this.opened.ownsKysely) await this.context.db.destroy();
  }

  private catchUpSource(): CatchUpSource {
    return {
      readAll: (options) => readAll(this.context, options),
      headPosition: async () => {
        try {
          const row = await this.context.db
            .selectFrom('agenticflow_events')
            .select((eb) => eb.fn.max('position').as('head'))
            .executeTakeFirst();
          return BigInt(row?.head ?? 0);
        } catch (error) {
          throw classifySqliteError(error, errorContext(this.context, 'reading the head position'));
        }
      },
      onAppend: (listener) => this.watcher.add(listener),
      pollIntervalMs: this.opened.memory ? 0 : SAFETY_POLL_MS,
      loadPosition: (consumer) => loadConsumerPosition(this.context, consumer),
      savePosition: (consumer, position) => saveConsumerPosition(this.context, consumer, position),
    };
  }

  private assertOpen(): void {
    if (this.closing) throw new ClosedError(`SqliteEventStore on ${this.filename}`);
  }
}
