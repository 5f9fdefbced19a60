import type { EventStore } from '@agenticflow/core';
import type { AgentDeliveryContext, AgentMessage, AgentMessageHandler } from './agent-messenger.js';
import {
  conversationOf,
  conversationStreamId,
  handledEvent,
  handledEventId,
} from './conversation-events.js';

/**
 * Runs `handler` for a one-way message unless an earlier delivery already handled it, then
 * records `agent.message.handled` (an id derived from the message id, so racing deliveries store
 * one). A handler that throws records nothing: the bus delivers the message again.
 */
export async function handleMessageOnce(
  store: EventStore,
  message: AgentMessage,
  handler: AgentMessageHandler,
  context: AgentDeliveryContext,
): Promise<void> {
  const streamId = conversationStreamId(conversationOf(message));
  if (context.deliveryAttempt > 1 && (await wasHandled(store, streamId, message.id))) return;
  await handler(message, context);
  await store.append(streamId, [handledEvent(message)]);
}

async function wasHandled(
  store: EventStore,
  streamId: string,
  messageId: string,
): Promise<boolean> {
  const id = handledEventId(messageId);
  for await (const event of store.readStream(streamId)) if (event.id === id) return true;
  return false;
}
