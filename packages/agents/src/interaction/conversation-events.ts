import { createHash } from 'node:crypto';
import type { JsonValue, NewEvent, SerializedError } from '@agenticflow/core';
import type { AgentMessage } from './agent-messenger.js';

/** Types of the events the messenger records in `conversation-<correlationId>` streams. */
export const ConversationEventTypes = {
  /** A message or request, recorded by its sender before it is published. */
  sent: 'agent.message.sent',
  /** A request's response, recorded once by the responder before it is published. */
  responded: 'agent.response.sent',
  /** A request whose handler threw, recorded once by the responder with the serialized error. */
  failed: 'agent.request.failed',
  /** A request that got no response in time, recorded by the requester. */
  timedOut: 'agent.request.timed-out',
  /** A one-way message whose handler succeeded, recorded once by the listener (`recordHandled`). */
  handled: 'agent.message.handled',
} as const;

/** The stream a conversation's messages are recorded in. */
export function conversationStreamId(correlationId: string): string {
  return `conversation-${correlationId}`;
}

/** The conversation a message belongs to: its correlation id, or its own id. */
export function conversationOf(message: AgentMessage): string {
  return message.correlationId ?? message.id;
}

/**
 * The id of the one outcome event (response or failure) of a request. Every redelivery of the
 * request derives the same id, so the store keeps the first outcome and returns it to the others.
 */
export function outcomeEventId(requestId: string): string {
  return derivedEventId('outcome', requestId);
}

/** The id of the one `agent.message.handled` event of a one-way message. */
export function handledEventId(messageId: string): string {
  return derivedEventId('handled', messageId);
}

/** The `agent.message.handled` event of a one-way message its listener handled. */
export function handledEvent(message: AgentMessage): NewEvent {
  return {
    id: handledEventId(message.id),
    type: ConversationEventTypes.handled,
    data: { messageId: message.id, by: message.to },
    metadata: {
      correlationId: conversationOf(message),
      causationId: message.id,
      actor: message.to,
    },
  };
}

/** An event id derived from a message id: every delivery of the message derives the same. */
function derivedEventId(kind: string, messageId: string): string {
  const hex = createHash('sha256').update(`agenticflow/${kind}/${messageId}`).digest('hex');
  // A version-8 (custom) UUID, so it never collides with the UUIDv7 ids of other events.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The recorded outcome of a request: a response message, or the responder's error. */
export type RequestOutcome =
  | { readonly requestId: string; readonly message: AgentMessage }
  | { readonly requestId: string; readonly responder: string; readonly error: SerializedError };

/** The `agent.message.sent` event of a message. Its id is the message id. */
export function sentEvent(message: AgentMessage, replyTo: string | undefined): NewEvent {
  return {
    id: message.id,
    type: ConversationEventTypes.sent,
    data: {
      kind: replyTo === undefined ? 'message' : 'request',
      message,
      ...(replyTo === undefined ? {} : { replyTo }),
    },
    metadata: {
      correlationId: conversationOf(message),
      actor: message.from,
    },
  };
}

/** The outcome event of request `request`: `agent.response.sent` or `agent.request.failed`. */
export function outcomeEvent(request: AgentMessage, outcome: RequestOutcome): NewEvent {
  return {
    id: outcomeEventId(request.id),
    type: 'error' in outcome ? ConversationEventTypes.failed : ConversationEventTypes.responded,
    data: outcome as unknown as JsonValue,
    metadata: {
      correlationId: conversationOf(request),
      causationId: request.id,
      actor: request.to,
    },
  };
}
