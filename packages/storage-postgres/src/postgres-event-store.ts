import {
  type AgenticEvent,
  type AppendOptions,
  type AppendResult,
  appendWithSpan,
  type CatchUpSource,
  ClosedError,
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
} from '@agenticflow/core';
import { AppendNotifier } from './append-notifier.js';
import { appendToStream } from './append-to-stream.js';
import { checkPositionsAhead } from './check-positions.js';
import { connectWithRetry } from './connect-with-retry.js';
import {
  assertConsumerName,
  loadConsumerPosition,
  saveConsumerPosition,
} from './consumer-positions.js';
import { deleteStream } from './delete-stream.js';
import { headPosition } from './head-position.js';
import { migrateSchema } from './migrations/migrate-schema.js';
import { NotificationListener } from './notification-listener.js';
import { type Connection, openConnection } from './open-connection.js';
import type { PostgresEventStoreOptions } from './postgres-event-store-options.js';
import { resolveOptions } from './postgres-event-store-options.js';
import { PostgresSubscription } from './postgres-subscription.js';
import { PreparedStatements } from './prepared-statements.js';
import { readAll } from './read-all.js';
import { readStream } from './read-stream.js';
import { channelName } from './schema-name.js';
import { loadSnapshot, saveSnapshot } from './snapshots.js';
import { StoreContext } from './store-context.js';

/**
 * The production {@link EventStore}: PostgreSQL through kysely and `pg`. Each append is one
 * round trip and one commit; global positions never let a catch-up reader skip a late commit;
 * subscriptions are live through LISTEN/NOTIFY with polling as the safety net. The constructor
 * connects lazily and never migrates: prefer {@link createPostgresEventStore}, or call
 * {@link PostgresEventStore.connect} and {@link PostgresEventStore.migrate} yourself.
 *
 * @example
 * ```ts
 * const store = new PostgresEventStore({ pool, schema: 'agenticflow' });
 * await store.migrate();
 * await store.append('run-1', [{ type: 'run.started', data: {} }], { expectedVersion: 'no_stream' });
 * ```
 */
export class PostgresEventStore implements EventStore {
  readonly capabilities: EventStoreCapabilities;
  /** The schema holding the store's tables. */
  readonly schema: string;

  private readonly connection: Connection;
  private readonly ctx: StoreContext;
  private readonly notifier: AppendNotifier;
  private readonly listener: NotificationListener | undefined;
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<PostgresSubscription>();
  private closing: Promise<void> | undefined;

  constructor(options: PostgresEventStoreOptions) {
    const resolved = resolveOptions(options);
    this.schema = resolved.schema;
    const prepared = new PreparedStatements(options.preparedStatements ?? true);
    this.connection = openConnection(options, resolved, prepared);
    this.ctx = new StoreContext(
      this.connection.db,
      resolved,
      this.connection.target,
      options.newId ?? createUuidV7Generator(),
      prepared,
      this.connection.clients,
    );
    const channel = channelName(resolved.schema);
    // Its own transaction, after the append committed; it need not wait for the WAL flush.
    const notify = this.ctx.statement(
      'notify',
      () => `select set_config('synchronous_commit', 'off', true), pg_notify('${channel}', '')`,
    );
    this.notifier = new AppendNotifier(async () => {
      await this.ctx.queryRaw(notify);
    }, resolved.notifyIntervalMs);
    const createClient = this.connection.createListenClient;
    this.listener =
      createClient === undefined
        ? undefined
        : new NotificationListener(createClient, channel, () => this.wake());
    this.capabilities = eventStoreCapabilities({
      durable: true,
      multiProcess: true,
      liveNotifications: this.listener !== undefined,
      maxEventBytes: resolved.maxEventBytes,
    });
  }

  /**
   * Checks that the database answers, making up to `connectAttempts` attempts with exponential
   * backoff (`CONNECTION_FAILED` naming the database, never its password), and that its
   * transaction ids are ahead of the stored positions (`INVALID_CONFIGURATION` otherwise: see the
   * README on restoring a dump).
   */
  async connect(): Promise<void> {
    this.assertOpen();
    await connectWithRetry(this.ctx, this.ctx.options.connectAttempts);
    await checkPositionsAhead(this.ctx);
  }

  /**
   * Creates or upgrades the store's schema to the latest version with kysely's `Migrator`, and
   * returns the names of the migrations it applied (`[]` when up to date). Safe to run twice, and
   * from several processes at once.
   */
  async migrate(): Promise<string[]> {
    this.assertOpen();
    try {
      return await migrateSchema(this.connection.db, this.schema);
    } catch (error) {
      throw this.ctx.classify(error, `migrate schema "${this.schema}"`);
    }
  }

  append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const otel = otelApi();
    if (otel === undefined) return this.appendNow(streamId, events, options);
    return appendWithSpan(otel, 'postgresql', streamId, events, options, () =>
      this.appendNow(streamId, events, options),
    );
  }

  private async appendNow(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const result = await appendToStream(this.ctx, streamId, events, options);
    if (!result.duplicate && result.events.length > 0) {
      this.wake();
      this.notifier.poke();
    }
    return result;
  }

  async *readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<AgenticEvent> {
    this.assertOpen();
    yield* readStream(this.ctx, streamId, options);
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<AgenticEvent> {
    this.assertOpen();
    yield* readAll(this.ctx, options, this.ctx.closedSignal);
    // A wait cut short by close() ends the read early: say so rather than look complete.
    this.assertOpen();
  }

  subscribe(options: StoreSubscribeOptions): StoreSubscription {
    this.assertOpen();
    const consumer = options?.consumer;
    if (typeof consumer === 'string' && consumer !== '') assertConsumerName(consumer);
    const abort = new AbortController();
    const source: CatchUpSource = {
      readAll: (readOptions) => readAll(this.ctx, readOptions, abort.signal),
      headPosition: () => headPosition(this.ctx, abort.signal),
      onAppend: (listener) => this.onAppend(listener),
      pollIntervalMs: this.ctx.options.pollIntervalMs,
      loadPosition: (consumer) => loadConsumerPosition(this.ctx, consumer),
      savePosition: (consumer, position) => saveConsumerPosition(this.ctx, consumer, position),
    };
    const subscription = new PostgresSubscription(startCatchUpSubscription(source, options), abort);
    this.subscriptions.add(subscription);
    void subscription.ended.then(() => this.subscriptions.delete(subscription));
    return subscription;
  }

  async getConsumerPosition(consumer: string): Promise<bigint | null> {
    this.assertOpen();
    return loadConsumerPosition(this.ctx, consumer);
  }

  async saveSnapshot(streamId: string, snapshot: SaveSnapshotInput): Promise<void> {
    this.assertOpen();
    await saveSnapshot(this.ctx, streamId, snapshot);
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | null> {
    this.assertOpen();
    return loadSnapshot(this.ctx, streamId);
  }

  async deleteStream(streamId: string): Promise<boolean> {
    this.assertOpen();
    return deleteStream(this.ctx, streamId);
  }

  /**
   * Ends subscriptions, the LISTEN connection and, when the store created it from
   * `connectionString`, the pool. A pool or Kysely instance you passed stays open. Safe to call
   * more than once.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.ctx.close();
      await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
      await this.notifier.close();
      await this.listener?.stop();
      this.appendListeners.clear();
      if (this.connection.owned) {
        await this.connection.db.destroy();
        await this.connection.clients?.end();
      }
    })();
    return this.closing;
  }

  private onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    this.listener?.start();
    return () => this.appendListeners.delete(listener);
  }

  private wake(): void {
    for (const listener of this.appendListeners) listener();
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new ClosedError('PostgresEventStore');
  }
}

/**
 * Opens a {@link PostgresEventStore}: checks that the database answers (with bounded retries) and,
 * unless `migrate: false`, applies pending migrations.
 *
 * @example
 * ```ts
 * import { createPostgresEventStore } from '@agenticflow/storage-postgres';
 *
 * const store = await createPostgresEventStore({
 *   connectionString: process.env.DATABASE_URL,
 * });
 * const { nextExpectedVersion } = await store.append(
 *   'run-42',
 *   [{ type: 'run.started', data: { workflow: 'triage' } }],
 *   { expectedVersion: 'no_stream' },
 * );
 * await store.close();
 * ```
 */
export async function createPostgresEventStore(
  options: PostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  const store = new PostgresEventStore(options);
  try {
    await store.connect();
    if (options.migrate ?? true) await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
