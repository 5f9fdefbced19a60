import { ConfigurationError } from '@agenticflow/core';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  DeliverPolicy,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { classifyNatsError, JetStreamCodes, jetStreamCode } from './classify-nats-error.js';

/**
 * How long the server keeps a plain subscription's consumer after its last pull request: a
 * process that died without unsubscribing leaves nothing behind for longer than this.
 */
export const PLAIN_CONSUMER_INACTIVE_MS = 5 * 60_000;

/** One JetStream consumer of the bus: a group's durable one, or a plain subscription's. */
export interface ConsumerSpec {
  readonly stream: string;
  readonly name: string;
  /** Durable consumers (groups) outlive their members; plain ones go with their subscription. */
  readonly durable: boolean;
  readonly filterSubject: string;
  /** The server's redelivery timer when a member stops answering. */
  readonly ackWaitMs: number;
  /** Start at this stream sequence instead of at the next message (recreating a lost consumer). */
  readonly startSequence?: number;
}

/**
 * Creates the consumer, or uses the one that exists. Idempotent and safe to race: members that
 * create the same group at once all succeed. An existing consumer keeps its settings, except that
 * its ack wait is raised to this member's, so the server never redelivers a message that a live
 * member is still allowed to work on.
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  spec: ConsumerSpec,
  servers: string,
): Promise<ConsumerInfo> {
  const config: Partial<ConsumerConfig> = {
    name: spec.name,
    ...(spec.durable
      ? { durable_name: spec.name }
      : { inactive_threshold: nanos(PLAIN_CONSUMER_INACTIVE_MS) }),
    description: spec.durable ? 'AgenticFlow group' : 'AgenticFlow subscription',
    ack_policy: AckPolicy.Explicit,
    ...(spec.startSequence === undefined
      ? { deliver_policy: DeliverPolicy.New }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: spec.startSequence }),
    filter_subject: spec.filterSubject,
    ack_wait: nanos(spec.ackWaitMs),
    // Deliveries are counted and dead-lettered by the bus, which needs one delivery past the
    // limit to dead-letter a message whose last attempt never answered; the server never drops one.
    max_deliver: -1,
    // Members bound their own in-flight messages (concurrency); the group has no total cap.
    max_ack_pending: -1,
  };
  const action = `create consumer ${spec.name} on stream ${spec.stream}`;
  // Look first: on nats-server 2.9 a create with different settings silently updates the consumer.
  const existing = await findConsumer(jsm, spec, servers);
  if (existing) return reconcile(jsm, spec, existing, servers);
  try {
    return await jsm.consumers.add(spec.stream, config);
  } catch (error) {
    if (jetStreamCode(error) === undefined) throw classifyNatsError(error, { action, servers });
    const winner = await findConsumer(jsm, spec, servers).catch(() => undefined);
    if (!winner) throw classifyNatsError(error, { action, servers });
    return reconcile(jsm, spec, winner, servers);
  }
}

async function findConsumer(
  jsm: JetStreamManager,
  spec: ConsumerSpec,
  servers: string,
): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(spec.stream, spec.name);
  } catch (error) {
    if (jetStreamCode(error) === JetStreamCodes.ConsumerNotFound) return undefined;
    throw classifyNatsError(error, { action: `look up consumer ${spec.name}`, servers });
  }
}

async function reconcile(
  jsm: JetStreamManager,
  spec: ConsumerSpec,
  existing: ConsumerInfo,
  servers: string,
): Promise<ConsumerInfo> {
  if (existing.config.filter_subject !== spec.filterSubject) {
    throw new ConfigurationError(
      `consumer ${spec.name} on stream ${spec.stream} exists with filter ${existing.config.filter_subject ?? '(none)'}, not ${spec.filterSubject}: it was made by something else; delete it or use another group name`,
      { details: { stream: spec.stream, consumer: spec.name } },
    );
  }
  if ((existing.config.ack_wait ?? 0) >= nanos(spec.ackWaitMs)) return existing;
  try {
    return await jsm.consumers.update(spec.stream, spec.name, { ack_wait: nanos(spec.ackWaitMs) });
  } catch (error) {
    throw classifyNatsError(error, {
      action: `raise the ack wait of consumer ${spec.name} on stream ${spec.stream}`,
      servers,
    });
  }
}
