import { ClosedError } from '../errors/core-errors.js';
import { publishWithSpan } from '../tracing/bus-spans.js';
import { otelApi } from '../tracing/otel-api.js';
import { type Clock, isoTime, systemClock } from '../util/clock.js';
import type { JsonValue } from '../util/json.js';
import { createUuidV7Generator, type IdGenerator } from '../util/uuid.js';
import { createDeadLetterPayload } from './dead-letter.js';
import type {
  BusMessage,
  BusSubscribeOptions,
  BusSubscription,
  EventBus,
  MessageHandler,
  OutgoingMessage,
  PublishResult,
} from './event-bus.js';
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type EventBusCapabilities,
  eventBusCapabilities,
} from './event-bus-capabilities.js';
import { type DeliveryHost, DeliveryQueue, type QueueMember } from './in-memory-delivery.js';
import { prepareMessage } from './prepare-message.js';
import { resolveBusSubscribeOptions } from './subscribe-options.js';
import { deadLetterTopic, isDeadLetterTopic, topicMatches } from './topics.js';

const MAX_CACHED_ROUTES = 10_000;

/** Something the bus could not hand back to a caller, such as a dead letter of a dead letter. */
export type BusErrorReporter = (
  error: unknown,
  context: { readonly topic: string; readonly messageId: string },
) => void;

/** Options of {@link InMemoryEventBus}. */
export interface InMemoryEventBusOptions {
  /** Largest payload plus headers, in bytes. @defaultValue 1 MiB */
  readonly maxMessageBytes?: number;
  /** Source of `publishedAt`. @defaultValue the system clock */
  readonly clock?: Clock;
  /** Generates ids of messages published without one. @defaultValue UUIDv7 */
  readonly newId?: IdGenerator;
  /**
   * Receives failures that have no caller to go to: a dead letter whose own handler failed every
   * attempt (it is not dead-lettered again).
   * @defaultValue emits a process warning
   */
  readonly onError?: BusErrorReporter;
}

/**
 * The reference {@link EventBus}, inside one process: topics with wildcards, fan-out, groups,
 * at-least-once delivery with backoff, ack timeouts, dead letters and graceful close. Nothing
 * survives the process; across processes use `@agenticflow/bus-nats` or `@agenticflow/bus-redis`.
 *
 * @example
 * ```ts
 * const bus = new InMemoryEventBus();
 * await bus.subscribe('step.>', (message) => console.log(message.topic), { group: 'workers' });
 * await bus.publish('step.ready', { payload: { runId: 'r1' } });
 * ```
 */
export class InMemoryEventBus implements EventBus {
  readonly capabilities: EventBusCapabilities;

  private readonly clock: Clock;
  private readonly newId: IdGenerator;
  private readonly onError: BusErrorReporter;
  private readonly plainQueues = new Set<DeliveryQueue>();
  private readonly groupQueues = new Map<string, DeliveryQueue>();
  private readonly subscriptions = new Set<InMemoryBusSubscription>();
  /** Queues matching each topic seen, cleared whenever the set of queues changes. */
  private readonly routes = new Map<string, DeliveryQueue[]>();
  private readonly host: DeliveryHost = {
    deadLetter: (message, group, error) => this.sendToDeadLetter(message, group, error),
  };
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(options: InMemoryEventBusOptions = {}) {
    this.capabilities = eventBusCapabilities({
      maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    });
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? createUuidV7Generator(this.clock);
    this.onError =
      options.onError ??
      ((error, context) =>
        process.emitWarning(
          `InMemoryEventBus dropped message ${context.messageId} on ${context.topic}: ${String(error)}`,
        ));
  }

  async publish(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    if (this.closed) throw new ClosedError('InMemoryEventBus');
    const otel = otelApi();
    if (otel !== undefined)
      return publishWithSpan(otel, 'agenticflow.memory', topic, message, async (traced) =>
        this.send(topic, traced),
      );
    return this.send(topic, message);
  }

  private send(topic: string, message: OutgoingMessage): PublishResult {
    const prepared = prepareMessage(topic, message, {
      maxMessageBytes: this.capabilities.maxMessageBytes,
      newId: this.newId,
      copy: true,
    });
    this.route(
      Object.freeze({
        id: prepared.id,
        topic: prepared.topic,
        payload: prepared.payload,
        headers: prepared.headers,
        publishedAt: isoTime(this.clock),
        deliveryAttempt: 1,
      }),
    );
    return { id: prepared.id, duplicate: false };
  }

  async subscribe(
    pattern: string,
    handler: MessageHandler,
    options: BusSubscribeOptions = {},
  ): Promise<BusSubscription> {
    if (this.closed) throw new ClosedError('InMemoryEventBus');
    const resolved = resolveBusSubscribeOptions(pattern, handler, options);
    const member: QueueMember = {
      handler,
      concurrency: resolved.concurrency,
      active: 0,
      inFlight: new Set(),
    };
    let queue: DeliveryQueue;
    if (resolved.group === undefined) {
      queue = new DeliveryQueue(pattern, resolved, this.host);
      this.plainQueues.add(queue);
    } else {
      const key = `${resolved.group}\u0000${pattern}`;
      queue = this.groupQueues.get(key) ?? new DeliveryQueue(pattern, resolved, this.host);
      this.groupQueues.set(key, queue);
    }
    this.routes.clear();
    queue.members.push(member);
    queue.schedule();
    const subscription = new InMemoryBusSubscription(pattern, resolved.group, queue, member, () => {
      this.subscriptions.delete(subscription);
      if (resolved.group === undefined) {
        this.plainQueues.delete(queue);
        this.routes.clear();
      }
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Messages waiting for a member of `group` on `pattern` (for tests and health checks). */
  pendingCount(pattern: string, group: string): number {
    return this.groupQueues.get(`${group}\u0000${pattern}`)?.size ?? 0;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    for (const queue of this.groupQueues.values()) queue.stop();
  }

  private route(message: BusMessage): void {
    let queues = this.routes.get(message.topic);
    if (!queues) {
      queues = [...this.plainQueues, ...this.groupQueues.values()].filter((queue) =>
        topicMatches(queue.pattern, message.topic),
      );
      if (this.routes.size >= MAX_CACHED_ROUTES) this.routes.clear();
      this.routes.set(message.topic, queues);
    }
    for (const queue of queues) queue.enqueue(message);
  }

  private sendToDeadLetter(message: BusMessage, group: string | undefined, error: unknown): void {
    const context = { topic: message.topic, messageId: message.id };
    if (isDeadLetterTopic(message.topic) || this.closed) {
      this.onError(error, context);
      return;
    }
    const payload = createDeadLetterPayload(message, group, error) as unknown as JsonValue;
    this.publish(deadLetterTopic(message.topic), { payload, headers: message.headers }).catch(
      (publishError: unknown) => this.onError(publishError, context),
    );
  }
}

class InMemoryBusSubscription implements BusSubscription {
  private ending: Promise<void> | undefined;

  constructor(
    readonly pattern: string,
    readonly group: string | undefined,
    private readonly queue: DeliveryQueue,
    private readonly member: QueueMember,
    private readonly onEnd: () => void,
  ) {}

  unsubscribe(): Promise<void> {
    this.ending ??= this.end();
    return this.ending;
  }

  private async end(): Promise<void> {
    const index = this.queue.members.indexOf(this.member);
    if (index >= 0) this.queue.members.splice(index, 1);
    if (this.group === undefined) this.queue.stop();
    this.onEnd();
    await Promise.all([...this.member.inFlight]);
  }
}
