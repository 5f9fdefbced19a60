import {
  type BusMessage,
  type BusSubscription,
  ClosedError,
  type DeliveryContext,
  describeValue,
  deserializeError,
  hasErrorCode,
  isoTime,
  type JsonValue,
  newId,
  ValidationError,
} from '@agenticflow/core';
import { assertAgentId } from '../agent-id.js';
import type {
  AgentListener,
  AgentMessage,
  AgentMessageHandler,
  AgentMessenger,
  AgentRequestOptions,
  OutgoingAgentMessage,
} from './agent-messenger.js';
import {
  type AgentMessengerOptions,
  inboxGroup,
  type ResolvedMessengerOptions,
  resolveMessengerOptions,
} from './agent-messenger-options.js';
import { answerRequest } from './answer-request.js';
import { assertOutgoingMessage, assertTimeoutMs } from './check-outgoing-message.js';
import {
  ConversationEventTypes,
  conversationOf,
  conversationStreamId,
  sentEvent,
} from './conversation-events.js';
import { handleMessageOnce } from './handle-message-once.js';
import { AgentAlreadyListeningError } from './interaction-errors.js';
import { PendingRequests } from './pending-requests.js';
import { type InboxPayload, parseInboxPayload, parseOutcomePayload } from './wire-payloads.js';

/**
 * Creates an {@link AgentMessenger} over any bus and store. Each agent has an inbox topic
 * (`<topicPrefix>.inbox.<agentId>`) read by one bus group per agent, so every message goes to one
 * listening process; responses come back on this messenger's reply topic. Every message, response,
 * failure and timeout is recorded in the stream `conversation-<correlationId>` before it is
 * published, and a redelivered request is answered from its recorded outcome.
 *
 * @example
 * ```ts
 * const messenger = createAgentMessenger({ bus, store });
 * await messenger.listen('translator', (message) => ({ text: translate(message.body) }));
 * const reply = await messenger.request({
 *   type: 'task.translate', from: 'planner', to: 'translator', body: 'bonjour',
 * }, { timeoutMs: 5_000 });
 * console.log(reply.body); // { text: 'hello' }
 * ```
 */
export function createAgentMessenger(options: AgentMessengerOptions): AgentMessenger {
  return new BusAgentMessenger(resolveMessengerOptions(options));
}

class BusAgentMessenger implements AgentMessenger {
  private readonly pending: PendingRequests;
  private readonly listeners = new Map<string, Promise<AgentListener>>();
  private replies: Promise<BusSubscription> | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: ResolvedMessengerOptions) {
    this.pending = new PendingRequests(options.clock);
  }

  async listen(agentId: string, handler: AgentMessageHandler): Promise<AgentListener> {
    this.assertOpen();
    assertAgentId(agentId, 'listen');
    if (typeof handler !== 'function') {
      throw new ValidationError(`invalid handler for agent ${agentId}`, [
        {
          path: ['handler'],
          message: `must be a function (message, context) => response, got ${describeValue(handler)}`,
        },
      ]);
    }
    if (this.listeners.has(agentId)) throw new AgentAlreadyListeningError(agentId);
    const started = this.startListener(agentId, handler);
    this.listeners.set(agentId, started);
    started.catch(() => this.listeners.delete(agentId));
    return started;
  }

  async send<Body extends JsonValue>(
    outgoing: OutgoingAgentMessage<Body>,
  ): Promise<AgentMessage<Body>> {
    this.assertOpen();
    assertOutgoingMessage(outgoing, 'send');
    const message = this.stamp(outgoing);
    await this.options.store.append(conversationStreamId(conversationOf(message)), [
      sentEvent(message, undefined),
    ]);
    await this.publishToInbox({ kind: 'message', message });
    return message;
  }

  async request<Response extends JsonValue, Body extends JsonValue>(
    outgoing: OutgoingAgentMessage<Body>,
    requestOptions: AgentRequestOptions = {},
  ): Promise<AgentMessage<Response>> {
    this.assertOpen();
    assertOutgoingMessage(outgoing, 'request');
    assertTimeoutMs(requestOptions.timeoutMs, 'timeoutMs');
    const timeoutMs = requestOptions.timeoutMs ?? this.options.defaultTimeoutMs;
    const replyTo = this.replyTopic();
    await this.subscribeToReplies();
    this.assertOpen();
    const message = this.stamp(outgoing, true);
    const waiting = this.pending.wait(message, timeoutMs, requestOptions.signal);
    try {
      await this.options.store.append(conversationStreamId(conversationOf(message)), [
        sentEvent(message, replyTo),
      ]);
      await this.publishToInbox({ kind: 'request', message, replyTo });
    } catch (error) {
      this.pending.cancel(message.id, error);
      throw error;
    }
    try {
      const outcome = await waiting;
      if ('error' in outcome) throw deserializeError(outcome.error);
      return outcome.message as AgentMessage<Response>;
    } catch (error) {
      if (hasErrorCode(error, 'TIMEOUT') && error.details.requestId === message.id) {
        await this.recordTimeout(message, timeoutMs);
      }
      throw error;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async startListener(
    agentId: string,
    handler: AgentMessageHandler,
  ): Promise<AgentListener> {
    const inFlight = new Set<AbortController>();
    const subscription = await this.options.bus.subscribe(
      this.inboxTopic(agentId),
      (message, context) => this.deliver(handler, message, context, inFlight),
      { group: inboxGroup(agentId), ...this.options.subscribe },
    );
    let closing: Promise<void> | undefined;
    return {
      agentId,
      close: () => {
        closing ??= (async () => {
          this.listeners.delete(agentId);
          for (const controller of inFlight)
            controller.abort(new ClosedError(`listener of agent ${agentId}`));
          await subscription.unsubscribe();
        })();
        return closing;
      },
    };
  }

  private async deliver(
    handler: AgentMessageHandler,
    busMessage: BusMessage,
    busContext: DeliveryContext,
    inFlight: Set<AbortController>,
  ): Promise<void> {
    const inbox = parseInboxPayload(busMessage.payload, busMessage.topic);
    const controller = new AbortController();
    const onBusAbort = () => controller.abort(busContext.signal.reason);
    busContext.signal.addEventListener('abort', onBusAbort, { once: true });
    inFlight.add(controller);
    const context = { signal: controller.signal, deliveryAttempt: busMessage.deliveryAttempt };
    try {
      if (inbox.kind === 'message' || inbox.replyTo === undefined) {
        if (this.options.recordHandled)
          await handleMessageOnce(this.options.store, inbox.message, handler, context);
        else await handler(inbox.message, context);
        return;
      }
      const { store, clock, bus } = this.options;
      const outcome = await answerRequest(store, clock, inbox.message, handler, context);
      await bus.publish(inbox.replyTo, { payload: outcome as unknown as JsonValue });
    } finally {
      inFlight.delete(controller);
      busContext.signal.removeEventListener('abort', onBusAbort);
    }
  }

  private subscribeToReplies(): Promise<BusSubscription> {
    this.replies ??= this.options.bus.subscribe(this.replyTopic(), (message) => {
      this.pending.settle(parseOutcomePayload(message.payload, message.topic));
    });
    this.replies.catch(() => {
      this.replies = undefined;
    });
    return this.replies;
  }

  private async recordTimeout(message: AgentMessage, timeoutMs: number): Promise<void> {
    // Best effort: the caller gets TIMEOUT whether or not the store takes the record.
    await this.options.store
      .append(conversationStreamId(conversationOf(message)), [
        {
          type: ConversationEventTypes.timedOut,
          data: { requestId: message.id, to: message.to, timeoutMs },
          metadata: {
            correlationId: conversationOf(message),
            causationId: message.id,
            actor: message.from,
          },
        },
      ])
      .catch(() => undefined);
  }

  private stamp<Body extends JsonValue>(
    outgoing: OutgoingAgentMessage<Body>,
    isRequest = false,
  ): AgentMessage<Body> {
    const id = newId();
    const correlationId = outgoing.correlationId ?? (isRequest ? id : undefined);
    return {
      id,
      type: outgoing.type,
      from: outgoing.from,
      to: outgoing.to,
      body: outgoing.body,
      ...(correlationId === undefined ? {} : { correlationId }),
      sentAt: isoTime(this.options.clock),
    };
  }

  private async publishToInbox(payload: InboxPayload): Promise<void> {
    await this.options.bus.publish(this.inboxTopic(payload.message.to), {
      id: payload.message.id,
      payload: payload as unknown as JsonValue,
    });
  }

  private inboxTopic(agentId: string): string {
    return `${this.options.topicPrefix}.inbox.${agentId}`;
  }

  private replyTopic(): string {
    return `${this.options.topicPrefix}.reply.${this.options.messengerId}`;
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError('AgentMessenger');
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    this.pending.rejectAll(new ClosedError('AgentMessenger'));
    const listeners = await Promise.allSettled([...this.listeners.values()]);
    await Promise.all(
      listeners.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
    );
    const replies = this.replies;
    this.replies = undefined;
    if (replies) await (await replies.catch(() => undefined))?.unsubscribe();
  }
}
