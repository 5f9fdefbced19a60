import {
  assertTopic,
  assertTopicPattern,
  type Clock,
  ClosedError,
  type EventBus,
  type EventStore,
  isoTime,
  type JsonValue,
  newId,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';
import { assertAgentId, checkAgentId } from '../agent-id.js';
import type { AgentDeliveryContext, AgentListener } from './agent-messenger.js';
import { inboxGroup, resolveMessengerOptions } from './agent-messenger-options.js';
import { checkMessageType } from './check-outgoing-message.js';
import { ProtocolViolationError } from './interaction-errors.js';

/** A message published on a topic, to every agent subscribed to it. */
export interface AgentTopicMessage<Body extends JsonValue = JsonValue> {
  readonly id: string;
  readonly type: string;
  readonly from: string;
  /** The topic it was published on, such as `'prices.eur'`. */
  readonly topic: string;
  readonly body: Body;
  readonly sentAt: string;
}

/** Handles one topic message for one agent; throwing has it delivered again. */
export type AgentTopicHandler = (
  message: AgentTopicMessage,
  context: AgentDeliveryContext,
) => void | Promise<void>;

/** Options of {@link createAgentTopics}. */
export interface AgentTopicsOptions {
  readonly bus: EventBus;
  /** Records each published message in the stream `topic-<topic>`. */
  readonly store: EventStore;
  /** @defaultValue the system clock */
  readonly clock?: Clock;
  /** Bus topics are `<topicPrefix>.topic.<topic>`. @defaultValue 'agents' */
  readonly topicPrefix?: string;
}

/** Topic publish/subscribe between agents. */
export interface AgentTopics {
  /** Records the message in `topic-<topic>`, then publishes it. */
  publish<Body extends JsonValue>(message: {
    readonly topic: string;
    readonly type: string;
    readonly from: string;
    readonly body: Body;
  }): Promise<AgentTopicMessage<Body>>;
  /**
   * Delivers every message whose topic matches `pattern` (`*` one token, `>` the rest) to `agentId`
   * once, however many processes subscribe for that agent; each subscribed agent gets its own copy.
   */
  subscribe(agentId: string, pattern: string, handler: AgentTopicHandler): Promise<AgentListener>;
  /** Stops every subscription made through it; does not close the bus or store. */
  close(): Promise<void>;
}

/**
 * Creates topic pub/sub between agents over any bus, every message recorded as an event.
 *
 * @example
 * ```ts
 * const topics = createAgentTopics({ bus, store });
 * await topics.subscribe('trader-1', 'prices.>', (message) => update(message.body));
 * await topics.publish({ topic: 'prices.eur', type: 'price.changed', from: 'feed', body: 1.08 });
 * ```
 */
export function createAgentTopics(options: AgentTopicsOptions): AgentTopics {
  const {
    bus,
    store,
    clock,
    topicPrefix: prefix,
  } = resolveMessengerOptions(options, 'createAgentTopics');
  const subscriptions = new Set<AgentListener>();
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new ClosedError('AgentTopics');
  };
  return {
    async publish(input) {
      assertOpen();
      assertPublishInput(input);
      const message = {
        id: newId(),
        type: input.type,
        from: input.from,
        topic: input.topic,
        body: input.body,
        sentAt: isoTime(clock),
      };
      await store.append(`topic-${input.topic}`, [
        {
          id: message.id,
          type: 'agent.topic.published',
          data: { message },
          metadata: { actor: input.from, correlationId: message.id },
        },
      ]);
      await bus.publish(`${prefix}.topic.${input.topic}`, { id: message.id, payload: message });
      return message;
    },
    async subscribe(agentId, pattern, handler) {
      assertOpen();
      assertAgentId(agentId, 'subscribe');
      assertTopicPattern(pattern);
      const subscription = await bus.subscribe(
        `${prefix}.topic.${pattern}`,
        (busMessage, context) =>
          handler(readTopicMessage(busMessage.payload, busMessage.topic), {
            signal: context.signal,
            deliveryAttempt: busMessage.deliveryAttempt,
          }),
        { group: inboxGroup(agentId) },
      );
      const listener: AgentListener = {
        agentId,
        close: async () => {
          subscriptions.delete(listener);
          await subscription.unsubscribe();
        },
      };
      subscriptions.add(listener);
      return listener;
    },
    async close() {
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
    },
  };
}

function assertPublishInput(input: {
  readonly topic: unknown;
  readonly type: unknown;
  readonly from: unknown;
  readonly body: unknown;
}): void {
  assertTopic(input.topic);
  const issues: ValidationIssue[] = [];
  checkMessageType(input.type, ['type'], issues);
  checkAgentId(input.from, ['from'], issues);
  if (input.body === undefined)
    issues.push({ path: ['body'], message: 'is missing: give a JSON value (null for none)' });
  if (issues.length > 0)
    throw new ValidationError(`invalid message for topic ${String(input.topic)}`, issues);
}

function readTopicMessage(payload: JsonValue, topic: string): AgentTopicMessage {
  const value = payload as Partial<AgentTopicMessage> | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof value.id !== 'string' ||
    typeof value.topic !== 'string' ||
    typeof value.from !== 'string' ||
    !('body' in value)
  ) {
    throw new ProtocolViolationError(
      `message on ${topic} is not an agent topic message: publish through AgentTopics.publish`,
    );
  }
  return value as AgentTopicMessage;
}
