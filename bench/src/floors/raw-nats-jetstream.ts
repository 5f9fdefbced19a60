import { randomUUID } from 'node:crypto';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/** A message as the raw JetStream floor delivers it. */
export interface RawJetStreamMessage {
  /** The `Nats-Msg-Id` it was published with. */
  readonly id: string;
  readonly payload: unknown;
  /** The server's delivery count (1 unless redelivered). */
  readonly deliveryAttempt: number;
}

/**
 * The W5 floor: the least a JetStream bus does, straight on the nats.js client. One file stream
 * with the bus's defaults (limits retention, 2-minute duplicate window); each message published
 * with `js.publish` and a `Nats-Msg-Id`, awaiting the stream's ack; one pull consumer read with
 * `consume({ max_messages })`, each handler awaited in order, then `ack()`. No topics, headers,
 * ack timeouts, backoff or dead letters.
 */
export class RawNatsJetStream {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly stream: string,
  ) {}

  /** Connects and creates the run's own stream `stream` (subjects `<stream>.>`). */
  static async open(url: string, stream: string): Promise<RawNatsJetStream> {
    const nc = await connect({ servers: url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: stream,
      subjects: [`${stream}.>`],
      duplicate_window: 120_000_000_000,
    });
    return new RawNatsJetStream(nc, jsm, jsm.jetstream(), stream);
  }

  async publish(payload: unknown): Promise<void> {
    await this.js.publish(`${this.stream}.task`, JSON.stringify(payload), {
      msgID: randomUUID(),
    });
  }

  /** Creates the consumer and starts reading; `onError` gets a failure that stopped it. */
  async consume(
    maxMessages: number,
    handler: (message: RawJetStreamMessage) => Promise<void>,
    onError: (error: unknown) => void,
  ): Promise<void> {
    const info = await this.jsm.consumers.add(this.stream, {
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      inactive_threshold: 60_000_000_000,
    });
    const consumer = await this.js.consumers.get(this.stream, info.name);
    const messages = await consumer.consume({ max_messages: maxMessages });
    this.messages = messages;
    this.loop = (async () => {
      for await (const message of messages) {
        await handler({
          id: message.headers?.get('Nats-Msg-Id') ?? '',
          payload: message.json(),
          deliveryAttempt: message.info.deliveryCount,
        });
        message.ack();
      }
    })().catch(onError);
  }

  async close(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await this.jsm.streams.delete(this.stream).catch(() => false);
    await this.nc.drain();
  }
}
