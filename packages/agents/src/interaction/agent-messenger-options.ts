import { createHash } from 'node:crypto';
import {
  assertTopic,
  type Clock,
  ConfigurationError,
  describeValue,
  type EventBus,
  type EventStore,
  isAgenticFlowError,
  newId,
  systemClock,
} from '@agenticflow/core';

/** Options of {@link createAgentMessenger}. */
export interface AgentMessengerOptions {
  /** Carries the messages; any `EventBus` (in-memory, Redis, NATS). */
  readonly bus: EventBus;
  /** Records every message, response and failure as events (`conversation-<correlationId>`). */
  readonly store: EventStore;
  /** Source of `sentAt` and of request timeouts. @defaultValue the system clock */
  readonly clock?: Clock;
  /**
   * First token of every topic the messenger uses: inboxes are `<topicPrefix>.inbox.<agentId>`,
   * replies `<topicPrefix>.reply.<messengerId>`. Every process of one system must use the same.
   * @defaultValue 'agents'
   */
  readonly topicPrefix?: string;
  /** Timeout of requests that give none. @defaultValue 30000 */
  readonly defaultTimeoutMs?: number;
  /** Messages each listener handles at once. @defaultValue 1 */
  readonly concurrency?: number;
  /** Deliveries of a message before the bus dead-letters it. @defaultValue the bus's (5) */
  readonly maxDeliveries?: number;
  /** How long a handler may run before the bus delivers the message again. @defaultValue the bus's (30000) */
  readonly ackTimeoutMs?: number;
  /** Names this messenger's reply topic; unique per messenger. @defaultValue a new UUIDv7 */
  readonly messengerId?: string;
  /**
   * Handle each one-way message once, even when the bus delivers it again after its handler
   * succeeded (a lost ack, a handler that outlived the ack timeout): the listener records
   * `agent.message.handled` after the handler, and a redelivery that finds it skips the handler.
   * Costs one more append per one-way message. Requests are always answered once.
   * @defaultValue false
   */
  readonly recordHandled?: boolean;
}

/** {@link AgentMessengerOptions} checked, with defaults. */
export interface ResolvedMessengerOptions {
  readonly bus: EventBus;
  readonly store: EventStore;
  readonly clock: Clock;
  readonly topicPrefix: string;
  readonly defaultTimeoutMs: number;
  readonly messengerId: string;
  readonly recordHandled: boolean;
  readonly subscribe: {
    readonly concurrency?: number;
    readonly maxDeliveries?: number;
    readonly ackTimeoutMs?: number;
  };
}

/** Checks the options; throws `INVALID_CONFIGURATION` naming the bad one and what to pass. */
export function resolveMessengerOptions(
  options: AgentMessengerOptions,
  factory = 'createAgentMessenger',
): ResolvedMessengerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      `${factory} needs an options object, got ${describeValue(options)}: pass { bus, store }`,
    );
  }
  if (typeof options.bus?.publish !== 'function' || typeof options.bus.subscribe !== 'function') {
    throw new ConfigurationError(
      `${factory} needs \`bus\`: pass an EventBus (such as new InMemoryEventBus()), got ${describeValue(options.bus)}`,
    );
  }
  if (typeof options.store?.append !== 'function') {
    throw new ConfigurationError(
      `${factory} needs \`store\`: pass an EventStore (such as new InMemoryEventStore()), got ${describeValue(options.store)}`,
    );
  }
  if (options.recordHandled !== undefined && typeof options.recordHandled !== 'boolean') {
    throw new ConfigurationError(
      `invalid recordHandled ${describeValue(options.recordHandled)} for ${factory}: use true or false`,
      { details: { option: 'recordHandled' } },
    );
  }
  const topicPrefix = options.topicPrefix ?? 'agents';
  const messengerId = options.messengerId ?? newId();
  checkTopicPart(topicPrefix, 'topicPrefix', 'such as "agents" or "app1.agents"', factory);
  checkTopicPart(messengerId, 'messengerId', 'such as a UUID', factory);
  for (const name of [
    'defaultTimeoutMs',
    'concurrency',
    'maxDeliveries',
    'ackTimeoutMs',
  ] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      throw new ConfigurationError(
        `invalid ${name} ${describeValue(value)} for ${factory}: use a whole number above 0`,
        { details: { option: name } },
      );
    }
  }
  return {
    bus: options.bus,
    store: options.store,
    clock: options.clock ?? systemClock,
    topicPrefix,
    messengerId,
    defaultTimeoutMs: options.defaultTimeoutMs ?? 30_000,
    recordHandled: options.recordHandled ?? false,
    subscribe: {
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.maxDeliveries === undefined ? {} : { maxDeliveries: options.maxDeliveries }),
      ...(options.ackTimeoutMs === undefined ? {} : { ackTimeoutMs: options.ackTimeoutMs }),
    },
  };
}

function checkTopicPart(value: unknown, name: string, example: string, factory: string): void {
  try {
    assertTopic(`${String(value)}.x`);
    if (typeof value === 'string') return;
  } catch (error) {
    if (!isAgenticFlowError(error)) throw error;
  }
  throw new ConfigurationError(
    `invalid ${name} ${describeValue(value)} for ${factory}: use dot-separated tokens of letters, digits, "_", "-", "$" or ":", ${example}`,
    { details: { option: name } },
  );
}

/** The bus group of an agent's inbox: one queue per agent id, shared by its processes. */
export function inboxGroup(agentId: string): string {
  // Group names refuse ':' and stop at 100 characters, which agent ids may exceed.
  if (/^[A-Za-z0-9_-]{1,90}$/.test(agentId)) return `agent-${agentId}`;
  return `agenth-${createHash('sha256').update(agentId).digest('hex').slice(0, 40)}`;
}
