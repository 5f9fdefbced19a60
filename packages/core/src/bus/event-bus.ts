import type { SerializedError } from '../errors/agenticflow-error.js';
import type { Backoff } from '../util/backoff.js';
import type { JsonValue } from '../util/json.js';
import type { EventBusCapabilities } from './event-bus-capabilities.js';

/** A message to publish. */
export interface OutgoingMessage<Payload extends JsonValue = JsonValue> {
  /**
   * Unique id; a UUIDv7 is generated when omitted. Buses that deduplicate (NATS) drop a second
   * message with the same id, so pass the event id when relaying events.
   */
  readonly id?: string;
  /** The content: JSON only. */
  readonly payload: Payload;
  /** String headers, such as `traceparent`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A delivered message. */
export interface BusMessage<Payload extends JsonValue = JsonValue> {
  readonly id: string;
  /** The concrete topic it was published to. */
  readonly topic: string;
  readonly payload: Payload;
  readonly headers: Readonly<Record<string, string>>;
  /** When it was published, ISO-8601 UTC. */
  readonly publishedAt: string;
  /** 1 on the first delivery to this subscription (or group), then 2, 3… */
  readonly deliveryAttempt: number;
}

/** Given with each delivery. */
export interface DeliveryContext {
  /**
   * Aborted when the delivery is given up: the ack timeout passed or the subscription is closing
   * past its grace period. Pass it to the work the handler does.
   */
  readonly signal: AbortSignal;
  /** Tells the bus the handler is still working, restarting the ack timeout. */
  working(): void;
}

/**
 * Handles one message. Resolving acknowledges it; throwing (or rejecting) has it delivered again
 * after a backoff, until `maxDeliveries`, after which it goes to the dead-letter topic.
 */
export type MessageHandler<Payload extends JsonValue = JsonValue> = (
  message: BusMessage<Payload>,
  context: DeliveryContext,
) => void | Promise<void>;

/** Options of {@link EventBus.subscribe}. */
export interface BusSubscribeOptions {
  /**
   * Competing consumers: each message goes to one member of the group. Without a group every
   * subscription gets every message. A group keeps the messages published while it has no member
   * (on durable buses, across restarts) and delivers them when one subscribes.
   */
  readonly group?: string;
  /**
   * Deliveries before a message is dead-lettered.
   * @defaultValue 5
   */
  readonly maxDeliveries?: number;
  /**
   * How long a handler may run (without calling `working()`) before the delivery counts as failed
   * and the message is delivered again.
   * @defaultValue 30000
   */
  readonly ackTimeoutMs?: number;
  /**
   * Delay before redelivery after a failed attempt.
   * @defaultValue exponentialBackoff({ initialMs: 100, maxMs: 10_000 })
   */
  readonly backoff?: Backoff;
  /**
   * Messages this subscription handles at once.
   * @defaultValue 1
   */
  readonly concurrency?: number;
}

/** A live subscription. */
export interface BusSubscription {
  readonly pattern: string;
  readonly group: string | undefined;
  /**
   * Stops delivery to this handler and waits for its in-flight handlers. Nothing is delivered to
   * it afterwards. Safe to call more than once. A plain (group-less) subscription's undelivered
   * and failing messages go with it; a group keeps its messages for the next member.
   */
  unsubscribe(): Promise<void>;
}

/** The payload of a message on a dead-letter topic. */
export interface DeadLetterPayload {
  readonly [key: string]: JsonValue;
  readonly originalTopic: string;
  readonly messageId: string;
  readonly payload: JsonValue;
  readonly headers: { readonly [key: string]: string };
  readonly publishedAt: string;
  readonly deliveryAttempts: number;
  readonly group: string | null;
  readonly error: SerializedError & { readonly [key: string]: JsonValue };
}

/** Result of {@link EventBus.publish}. */
export interface PublishResult {
  /** The message id (given or generated). */
  readonly id: string;
  /** `true` when the bus recognised the id as already published and dropped the copy. */
  readonly duplicate: boolean;
}

/**
 * Carries notifications and work between agents, workers and processes, at least once. The bus is
 * not the truth: what must not be lost is appended to the {@link EventStore} first, and the outbox
 * relay publishes it. Implementations must pass `describeEventBusConformance`.
 *
 * Topics are dot-separated tokens (`run.step.ready`); patterns may use `*` for one token and a
 * final `>` for the rest.
 *
 * @example
 * ```ts
 * const bus = new InMemoryEventBus();
 * await bus.subscribe('task.*', async (message) => work(message.payload), { group: 'workers' });
 * await bus.publish('task.summarise', { payload: { file: 'README.md' } });
 * ```
 */
export interface EventBus {
  /** What this bus guarantees and supports. */
  readonly capabilities: EventBusCapabilities;

  /**
   * Publishes a message. It resolves once the bus has accepted it (for durable buses: stored).
   * A payload over `capabilities.maxMessageBytes` throws `PAYLOAD_TOO_LARGE` and nothing is sent;
   * a payload that is not JSON throws `VALIDATION_FAILED`.
   */
  publish(topic: string, message: OutgoingMessage): Promise<PublishResult>;

  /** Starts delivering messages whose topic matches `pattern` to `handler`. */
  subscribe(
    pattern: string,
    handler: MessageHandler,
    options?: BusSubscribeOptions,
  ): Promise<BusSubscription>;

  /**
   * Stops delivering, lets in-flight handlers finish, and releases connections. Publishing after
   * close throws `CLOSED`. Safe to call more than once.
   */
  close(): Promise<void>;
}
