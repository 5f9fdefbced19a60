import { createHash } from 'node:crypto';
import {
  type BusErrorReporter,
  type BusMessage,
  type BusSubscribeOptions,
  type BusSubscription,
  ClosedError,
  createDeadLetterPayload,
  createUuidV7Generator,
  deadLetterTopic,
  type EventBus,
  type EventBusCapabilities,
  eventBusCapabilities,
  exponentialBackoff,
  hasErrorCode,
  type IdGenerator,
  type JsonValue,
  type MessageHandler,
  type OutgoingMessage,
  otelApi,
  PayloadTooLargeError,
  type PublishResult,
  prepareMessage,
  publishWithSpan,
  resolveBusSubscribeOptions,
} from '@agenticflow/core';
import type { JetStreamClient, JetStreamManager, PubAck } from '@nats-io/jetstream';
import { type MsgHdrs, type NatsConnection, nuid } from '@nats-io/nats-core';
import type { DeliveryInfo } from './ack-subject.js';
import { classifyNatsError } from './classify-nats-error.js';
import { ensureConsumer } from './ensure-consumer.js';
import { NatsBusSubscription, type SubscriptionHost } from './nats-bus-subscription.js';
import { encodeHeaders, headerBytes } from './nats-headers.js';
import { groupConsumerName, toSubject } from './subjects.js';

/** Room left in the server's `max_payload` for the NATS header block (message id and framing). */
export const NATS_HEADER_RESERVE_BYTES = 256;
const publishBackoff = exponentialBackoff({ initialMs: 50, maxMs: 1_000 });
const encoder = new TextEncoder();

/** Everything a bus runs on, set up by {@link createNatsEventBus}. */
export interface NatsEventBusSetup {
  readonly nc: NatsConnection;
  readonly ownsConnection: boolean;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly apiPrefix: string;
  readonly servers: string;
  readonly streamPrefix: string;
  readonly streamName: string;
  readonly durable: boolean;
  readonly maxPayload: number;
  readonly maxMessageBytes: number;
  readonly publishTimeoutMs: number;
  readonly newId: IdGenerator | undefined;
  readonly onError: BusErrorReporter | undefined;
}

/**
 * An {@link EventBus} on NATS JetStream, for buses that span processes and machines. All topics
 * live in one stream; a group is a durable pull consumer shared by its members, a plain
 * subscription its own consumer. Messages are deduplicated by id, acknowledged when the handler
 * resolves, redelivered after a backoff when it throws or times out, and dead-lettered after
 * `maxDeliveries`. Create one with {@link createNatsEventBus}.
 *
 * @example
 * ```ts
 * const bus = await createNatsEventBus({ servers: 'nats://127.0.0.1:4222' });
 * await bus.subscribe('task.*', async (message) => work(message.payload), { group: 'workers' });
 * await bus.publish('task.summarise', { id: event.id, payload: { file: 'README.md' } });
 * await bus.close();
 * ```
 */
export class NatsEventBus implements EventBus {
  readonly capabilities: EventBusCapabilities;
  /** The JetStream stream holding this bus's messages. */
  readonly streamName: string;

  private readonly newId: IdGenerator;
  private readonly onError: BusErrorReporter;
  private readonly subscriptions = new Set<NatsBusSubscription>();
  private readonly publishing = new Set<Promise<unknown>>();
  private readonly host: SubscriptionHost;
  private readonly status: AsyncIterable<{ type: string }> & { stop?: () => void };
  private closed = false;
  private closing: Promise<void> | undefined;

  /** @internal Use {@link createNatsEventBus}, which connects and prepares the stream. */
  constructor(private readonly setup: NatsEventBusSetup) {
    this.streamName = setup.streamName;
    this.capabilities = eventBusCapabilities({
      durable: setup.durable,
      crossProcess: true,
      deduplicatesById: true,
      maxMessageBytes: setup.maxMessageBytes,
    });
    this.newId = setup.newId ?? createUuidV7Generator();
    this.onError =
      setup.onError ??
      ((error, context) =>
        process.emitWarning(
          `NatsEventBus (topic ${context.topic}, message ${context.messageId}): ${String(error)}`,
        ));
    this.host = {
      nc: setup.nc,
      jsm: setup.jsm,
      apiPrefix: setup.apiPrefix,
      prefix: setup.streamPrefix,
      servers: setup.servers,
      deadLetter: (message, group, consumer, error, info) =>
        this.publishDeadLetter(message, group, consumer, error, info),
      report: (error, message) =>
        this.onError(error, { topic: message.topic, messageId: message.id }),
      removed: (subscription) => this.subscriptions.delete(subscription),
    };
    this.status = setup.nc.status() as typeof this.status;
    void this.watchReconnects();
  }

  async publish(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    if (this.closed) throw new ClosedError('NatsEventBus');
    const otel = otelApi();
    if (otel !== undefined)
      return publishWithSpan(otel, 'nats', topic, message, (traced) => this.send(topic, traced));
    return this.send(topic, message);
  }

  async subscribe(
    pattern: string,
    handler: MessageHandler,
    options: BusSubscribeOptions = {},
  ): Promise<BusSubscription> {
    if (this.closed) throw new ClosedError('NatsEventBus');
    const resolved = resolveBusSubscribeOptions(pattern, handler, options);
    const spec = {
      stream: this.streamName,
      name:
        resolved.group === undefined
          ? `sub_${nuid.next()}`
          : groupConsumerName(resolved.group, pattern),
      durable: resolved.group !== undefined,
      filterSubject: toSubject(this.setup.streamPrefix, pattern),
      ackWaitMs: serverAckWaitMs(resolved.ackTimeoutMs),
    };
    await ensureConsumer(this.setup.jsm, spec, this.setup.servers);
    if (this.closed) {
      if (!spec.durable)
        await this.setup.jsm.consumers.delete(spec.stream, spec.name).catch(() => {});
      throw new ClosedError('NatsEventBus');
    }
    const subscription = new NatsBusSubscription(pattern, spec, handler, resolved, this.host);
    this.subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await Promise.allSettled([...this.publishing]);
    this.status.stop?.();
    const { nc } = this.setup;
    if (nc.isClosed()) return;
    try {
      // Acknowledgements of the last handlers must reach the server before we go.
      if (this.setup.ownsConnection) await nc.drain();
      else await nc.flush();
    } catch {
      if (this.setup.ownsConnection) await nc.close().catch(() => {});
    }
  }

  private async send(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    const prepared = prepareMessage(topic, message, {
      maxMessageBytes: this.capabilities.maxMessageBytes,
      newId: this.newId,
      copy: false,
    });
    const data = encoder.encode(JSON.stringify(prepared.payload));
    const headers = encodeHeaders(prepared.id, prepared.headers);
    const bytes = data.length + headerBytes(headers);
    if (bytes > this.setup.maxPayload) {
      throw new PayloadTooLargeError(
        'message',
        bytes,
        this.setup.maxPayload,
        `for topic ${topic} with its NATS headers (the server's max_payload)`,
      );
    }
    const work = this.store(
      toSubject(this.setup.streamPrefix, prepared.topic),
      data,
      headers,
      topic,
    );
    this.publishing.add(work);
    try {
      const ack = await work;
      return { id: prepared.id, duplicate: ack.duplicate };
    } finally {
      this.publishing.delete(work);
    }
  }

  /** Publishes until the stream acknowledges, retrying while the server is away or restarting. */
  private async store(
    subject: string,
    data: Uint8Array,
    headers: MsgHdrs,
    topic: string,
  ): Promise<PubAck> {
    const deadline = Date.now() + this.setup.publishTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now();
      try {
        return await this.setup.js.publish(subject, data, {
          headers,
          timeout: Math.max(500, Math.min(5_000, remaining)),
        });
      } catch (error) {
        const classified = classifyNatsError(error, {
          action: `publish to ${topic}`,
          servers: this.setup.servers,
        });
        const left = deadline - Date.now();
        if (!classified.retryable || this.setup.nc.isClosed() || left <= 0) throw classified;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(publishBackoff(attempt), left)),
        );
      }
    }
  }

  private async publishDeadLetter(
    message: BusMessage,
    group: string | undefined,
    consumer: string,
    error: unknown,
    info: DeliveryInfo,
  ): Promise<void> {
    // The same failed delivery dead-letters once, even if its member dies before terminating it.
    const id = `dl-${createHash('sha256').update(`${info.stream}/${info.streamSequence}/${consumer}`).digest('hex').slice(0, 32)}`;
    const topic = deadLetterTopic(message.topic);
    const payload = createDeadLetterPayload(message, group, error) as unknown as JsonValue & object;
    try {
      await this.send(topic, { id, payload, headers: message.headers });
    } catch (sendError) {
      if (!hasErrorCode(sendError, 'PAYLOAD_TOO_LARGE')) throw sendError;
      const slim = {
        ...payload,
        payload: null,
        payloadOmitted: `too large for a dead letter: it is message ${info.streamSequence} of stream ${info.stream}`,
      };
      await this.send(topic, { id, payload: slim, headers: message.headers });
    }
  }

  private async watchReconnects(): Promise<void> {
    try {
      for await (const status of this.status) {
        if (status.type === 'reconnect') {
          for (const subscription of this.subscriptions) subscription.reconnected();
        }
      }
    } catch {
      // The status stream ends with the connection.
    }
  }
}

/**
 * The server's redelivery timer for a consumer: the handler's ack timeout plus a margin. A live
 * member gives up on a delivery at `ackTimeoutMs` and asks for redelivery itself (after the
 * backoff, or dead-lettering it on the last attempt); the server's timer only fires for members
 * that stopped answering, so the two never race.
 */
export function serverAckWaitMs(ackTimeoutMs: number): number {
  return ackTimeoutMs + Math.min(30_000, Math.max(1_000, Math.round(ackTimeoutMs / 5)));
}
