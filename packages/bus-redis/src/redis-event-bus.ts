import { hostname } from 'node:os';
import {
  type BusSubscribeOptions,
  type BusSubscription,
  ClosedError,
  ConfigurationError,
  ConnectionFailedError,
  createUuidV7Generator,
  type EventBus,
  type EventBusCapabilities,
  eventBusCapabilities,
  type IdGenerator,
  type MessageHandler,
  type OutgoingMessage,
  otelApi,
  type PreparedMessage,
  type PublishResult,
  prepareMessage,
  publishWithSpan,
  resolveBusSubscribeOptions,
} from '@agenticflow/core';
import { assertSupportedServer, durabilityProblems, readServerFacts } from './check-server.js';
import { toBusError } from './classify-redis-error.js';
import { openConnections, type RedisConnections } from './connect-redis.js';
import { RedisBusSubscription } from './redis-bus-subscription.js';
import {
  type RedisBusErrorContext,
  type RedisEventBusOptions,
  type ResolvedRedisEventBusOptions,
  resolveRedisEventBusOptions,
} from './redis-event-bus-options.js';
import { encodeFields } from './stream-entry.js';
import { StreamLayout } from './stream-layout.js';
import { StreamTrimmer } from './stream-trimmer.js';
import type { SubscriptionHost } from './subscription-host.js';
import { sweepAbandonedGroups } from './sweep-abandoned-groups.js';

// A plain subscription's private group is swept away by other buses once its liveness key has not
// been renewed for this long (its process died without unsubscribing).
const LIVENESS_TTL_MS = 5 * 60_000;
const LIVENESS_RENEW_MS = 60_000;

/**
 * An {@link EventBus} on Redis Streams (ioredis, RESP2 or RESP3), for buses shared by processes
 * and machines.
 * Messages go to one stream per bus (plus one per configured partition); a group is a Redis
 * consumer group, a plain subscription a private consumer group. Failed handlers are retried from
 * the pending entries list with backoff, entries of dead members are taken over with XAUTOCLAIM,
 * and messages that fail `maxDeliveries` times go to the dead-letter topic.
 *
 * Prefer {@link createRedisEventBus}, which connects and checks the server before returning;
 * a bus made with `new` does so on its first call.
 *
 * @example
 * ```ts
 * const bus = await createRedisEventBus({ url: 'redis://127.0.0.1:6379', durability: 'require' });
 * await bus.subscribe('task.*', async (message) => work(message.payload), { group: 'workers' });
 * await bus.publish('task.summarise', { payload: { file: 'README.md' } });
 * await bus.close();
 * ```
 */
export class RedisEventBus implements EventBus {
  private readonly options: ResolvedRedisEventBusOptions;
  private readonly layout: StreamLayout;
  private readonly newId: IdGenerator;
  private readonly onError: (error: unknown, context: RedisBusErrorContext) => void;
  private readonly onWarning: (message: string) => void;
  private readonly subscriptions = new Set<RedisBusSubscription>();
  private readonly alive = new Set<string>();
  private readonly chores = new Set<Promise<void>>();
  private connections: RedisConnections | undefined;
  private trimmer: StreamTrimmer | undefined;
  private starting: Promise<RedisConnections> | undefined;
  private livenessTimer: ReturnType<typeof setInterval> | undefined;
  private durable = false;
  private offlinePublishes = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  private capabilityFlags: EventBusCapabilities;

  constructor(options: RedisEventBusOptions) {
    this.options = resolveRedisEventBusOptions(options);
    this.layout = new StreamLayout(this.options.keyPrefix, this.options.partitions);
    this.newId = options.newId ?? createUuidV7Generator();
    this.onError =
      options.onError ??
      ((error, context) =>
        process.emitWarning(
          `RedisEventBus: ${context.what}${context.messageId ? ` (message ${context.messageId} on ${context.topic})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
        ));
    this.onWarning =
      options.onWarning ??
      ((message) => process.emitWarning(message, { code: 'AGENTICFLOW_REDIS_NOT_DURABLE' }));
    this.capabilityFlags = this.flags();
  }

  /**
   * What this bus guarantees. `durable` is true once the server was checked and keeps what it
   * accepted (append-only file on, no evicting memory policy).
   */
  get capabilities(): EventBusCapabilities {
    return this.capabilityFlags;
  }

  /**
   * Connects and checks the server: Redis 6.2 or newer, a connection speaking the configured
   * `protocol`, and durability as configured. Throws `CONNECTION_FAILED` naming the server (never its password) or
   * `INVALID_CONFIGURATION`. Called by {@link createRedisEventBus} and on first use.
   */
  async ready(): Promise<void> {
    await this.connect();
  }

  async publish(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    if (this.closed) throw new ClosedError('RedisEventBus');
    const otel = otelApi();
    if (otel !== undefined)
      return publishWithSpan(otel, 'redis', topic, message, (traced) => this.send(topic, traced));
    return this.send(topic, message);
  }

  private async send(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    const prepared = prepareMessage(topic, message, {
      maxMessageBytes: this.options.maxMessageBytes,
      newId: this.newId,
      copy: false,
    });
    const connections = this.connections ?? (await this.connect());
    if (this.closed) throw new ClosedError('RedisEventBus');
    const { stream, args } = this.appendArgs(prepared);
    const command = connections.command;
    const offline = command.status !== 'ready';
    if (offline && this.offlinePublishes >= this.options.maxOfflineQueue) {
      throw new ConnectionFailedError(
        `Redis at ${connections.server} is not connected and ${this.offlinePublishes} publishes already wait for it (maxOfflineQueue): retry later`,
        { details: { server: connections.server, waiting: this.offlinePublishes } },
      );
    }
    if (offline) this.offlinePublishes++;
    try {
      await command.call('XADD', stream, ...args);
    } catch (error) {
      throw toBusError(error, connections.server, `publishing to ${topic}`);
    } finally {
      if (offline) this.offlinePublishes--;
    }
    this.trimmer?.noteAppend(stream);
    return { id: prepared.id, duplicate: false };
  }

  async subscribe(
    pattern: string,
    handler: MessageHandler,
    options: BusSubscribeOptions = {},
  ): Promise<BusSubscription> {
    if (this.closed) throw new ClosedError('RedisEventBus');
    const resolved = resolveBusSubscribeOptions(pattern, handler, options);
    const connections = this.connections ?? (await this.connect());
    if (this.closed) throw new ClosedError('RedisEventBus');
    const subscription = new RedisBusSubscription(
      this.host(connections),
      this.newId(),
      pattern,
      handler,
      resolved,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.unsubscribe();
      throw toBusError(error, connections.server, `subscribing to ${pattern}`);
    }
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    const connections = this.connections ?? (await this.starting?.catch(() => undefined));
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    clearInterval(this.livenessTimer);
    this.trimmer?.close();
    await Promise.all([...this.chores]);
    if (connections?.owned) {
      await connections.command.quit().catch(() => undefined);
      connections.command.disconnect();
    }
  }

  private connect(): Promise<RedisConnections> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async start(): Promise<RedisConnections> {
    const connections = await openConnections(this.options);
    try {
      const facts = await readServerFacts(connections.command);
      assertSupportedServer(facts, connections.server, this.options.protocol);
      const problems = this.options.durability === 'ignore' ? [] : durabilityProblems(facts);
      if (problems.length > 0 && this.options.durability === 'require') {
        throw new ConfigurationError(
          `durability is 'require' but Redis at ${connections.server} may lose accepted messages: ${problems.join('; ')}`,
          { details: { server: connections.server, problems } },
        );
      }
      if (problems.length > 0) {
        this.onWarning(
          `RedisEventBus on ${connections.server} is NOT durable: ${problems.join('; ')}. Pass durability: 'require' to refuse such a server, or 'ignore' to silence this warning.`,
        );
      }
      this.durable = durabilityProblems(facts).length === 0;
    } catch (error) {
      if (connections.owned) connections.command.disconnect();
      throw toBusError(error, connections.server, 'checking the server');
    }
    this.capabilityFlags = this.flags();
    this.trimmer = new StreamTrimmer(connections.command, this.options.retention, (error) =>
      this.onError(error, { what: 'trimming a stream to the retention' }),
    );
    this.connections = connections;
    this.chore(
      sweepAbandonedGroups(connections.command, this.layout).catch((error: unknown) =>
        this.onError(error, { what: 'sweeping abandoned plain subscriptions' }),
      ),
    );
    return connections;
  }

  private flags(): EventBusCapabilities {
    return eventBusCapabilities({
      durable: this.durable,
      crossProcess: true,
      deduplicatesById: false,
      maxMessageBytes: this.options.maxMessageBytes,
    });
  }

  private appendArgs(message: PreparedMessage): { stream: string; args: (string | number)[] } {
    return { stream: this.layout.streamFor(message.topic), args: encodeFields(message, ['*']) };
  }

  private host(connections: RedisConnections): SubscriptionHost {
    const command = connections.command;
    return {
      command,
      layout: this.layout,
      readBatch: this.options.readBatch,
      consumerPrefix: `${hostname()}-${process.pid}`,
      newId: this.newId,
      newReader: connections.newReader,
      appendArgs: (message) => this.appendArgs(message),
      noteAppend: (stream) => this.trimmer?.noteAppend(stream),
      report: this.onError,
      markAlive: async (id) => {
        await command.set(this.layout.livenessKey(id), '1', 'PX', LIVENESS_TTL_MS);
        this.alive.add(id);
        this.livenessTimer ??= setInterval(() => this.renewLiveness(), LIVENESS_RENEW_MS).unref();
      },
      dropPlainGroup: async (id, streams) => {
        this.alive.delete(id);
        const pipeline = command.pipeline();
        for (const stream of streams)
          pipeline.xgroup('DESTROY', stream, this.layout.plainGroupName(id));
        pipeline.del(this.layout.livenessKey(id));
        for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
      },
    };
  }

  private renewLiveness(): void {
    const command = this.connections?.command;
    if (!command || this.alive.size === 0) return;
    const pipeline = command.pipeline();
    for (const id of this.alive)
      pipeline.set(this.layout.livenessKey(id), '1', 'PX', LIVENESS_TTL_MS);
    pipeline
      .exec()
      .catch((error: unknown) => this.onError(error, { what: 'renewing plain subscriptions' }));
  }

  private chore(work: Promise<void>): void {
    this.chores.add(work);
    void work.finally(() => this.chores.delete(work));
  }
}

/**
 * Creates a {@link RedisEventBus}, connects, and checks the server before returning.
 *
 * @example
 * ```ts
 * const bus = await createRedisEventBus({
 *   url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
 *   keyPrefix: 'myapp',
 *   durability: 'require',
 * });
 * ```
 */
export async function createRedisEventBus(options: RedisEventBusOptions): Promise<RedisEventBus> {
  const bus = new RedisEventBus(options);
  await bus.ready();
  return bus;
}
