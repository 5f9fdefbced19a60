import type {
  BusMessage,
  BusSubscription,
  MessageHandler,
  ResolvedBusSubscribeOptions,
} from '@agenticflow/core';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { Msg, NatsConnection } from '@nats-io/nats-core';
import { type DeliveryInfo, nakBody } from './ack-subject.js';
import { classifyNatsError, JetStreamCodes, jetStreamCode } from './classify-nats-error.js';
import { type ConsumerSpec, ensureConsumer } from './ensure-consumer.js';
import { PullFeeder } from './pull-feeder.js';
import { runDelivery } from './run-delivery.js';

/** What a subscription needs from its bus. */
export interface SubscriptionHost {
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  readonly apiPrefix: string;
  readonly prefix: string;
  /** Redacted server list, for messages. */
  readonly servers: string;
  deadLetter(
    message: BusMessage,
    group: string | undefined,
    consumer: string,
    error: unknown,
    info: DeliveryInfo,
  ): Promise<void>;
  report(error: unknown, message: { readonly topic: string; readonly id: string }): void;
  removed(subscription: NatsBusSubscription): void;
}

/**
 * One `subscribe` call: a pull feeder on the group's durable consumer, or on the subscription's
 * own consumer, which goes when it unsubscribes.
 */
export class NatsBusSubscription implements BusSubscription {
  readonly group: string | undefined;
  private readonly feeder: PullFeeder;
  private lastSequence = 0;
  private ending: Promise<void> | undefined;

  constructor(
    readonly pattern: string,
    private readonly spec: ConsumerSpec,
    handler: MessageHandler,
    options: ResolvedBusSubscribeOptions,
    private readonly host: SubscriptionHost,
  ) {
    this.group = options.group;
    const reply = (msg: Msg, body: string) => {
      try {
        msg.respond(body);
      } catch {
        // The connection is closed: the server redelivers after the ack wait.
      }
    };
    const deliveryHost = {
      prefix: host.prefix,
      options,
      handler,
      workingIntervalMs: Math.max(100, (spec.ackWaitMs - options.ackTimeoutMs) / 2),
      reply,
      deadLetter: (message: BusMessage, error: unknown, info: DeliveryInfo) =>
        host.deadLetter(message, options.group, spec.name, error, info),
      report: (error: unknown, message: { readonly topic: string; readonly id: string }) =>
        host.report(error, message),
      seen: (info: DeliveryInfo) => {
        if (info.streamSequence > this.lastSequence) this.lastSequence = info.streamSequence;
      },
    };
    this.feeder = new PullFeeder({
      nc: host.nc,
      apiPrefix: host.apiPrefix,
      stream: spec.stream,
      consumer: spec.name,
      capacity: options.concurrency,
      deliver: (msg) => runDelivery(msg, deliveryHost),
      giveBack: (msg) => reply(msg, nakBody(0)),
      ensureConsumer: () => this.ensureConsumer(),
      onError: (error) =>
        host.report(
          classifyNatsError(error, { action: `subscription to ${pattern}`, servers: host.servers }),
          { topic: pattern, id: '(none)' },
        ),
    });
  }

  start(): void {
    this.feeder.start();
  }

  reconnected(): void {
    this.feeder.reconnected();
  }

  unsubscribe(): Promise<void> {
    this.ending ??= this.end();
    return this.ending;
  }

  private async end(): Promise<void> {
    await this.feeder.stop();
    if (!this.spec.durable && !this.host.nc.isClosed()) {
      await this.host.jsm.consumers.delete(this.spec.stream, this.spec.name).catch(() => {});
    }
    this.host.removed(this);
  }

  /** Recreates a consumer that was deleted (by an operator, or for inactivity) after the last message seen. */
  private async ensureConsumer(): Promise<void> {
    try {
      await this.host.jsm.consumers.info(this.spec.stream, this.spec.name);
    } catch (error) {
      if (jetStreamCode(error) !== JetStreamCodes.ConsumerNotFound) {
        throw classifyNatsError(error, {
          action: `check consumer ${this.spec.name}`,
          servers: this.host.servers,
        });
      }
      await ensureConsumer(
        this.host.jsm,
        this.lastSequence > 0 ? { ...this.spec, startSequence: this.lastSequence + 1 } : this.spec,
        this.host.servers,
      );
    }
  }
}
