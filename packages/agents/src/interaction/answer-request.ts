import {
  type Clock,
  checkJson,
  type EventStore,
  hasErrorCode,
  isoTime,
  type JsonValue,
  newId,
  type SerializedError,
  serializeError,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';
import type { AgentDeliveryContext, AgentMessage, AgentMessageHandler } from './agent-messenger.js';
import {
  conversationOf,
  conversationStreamId,
  outcomeEvent,
  outcomeEventId,
  type RequestOutcome,
} from './conversation-events.js';

/**
 * Runs `handler` for `request` and records its outcome once. A redelivered request whose outcome
 * is already recorded gets that outcome again without running the handler; two deliveries racing
 * each other both append the same event id, and the store keeps the first (`duplicate: true`).
 */
export async function answerRequest(
  store: EventStore,
  clock: Clock,
  request: AgentMessage,
  handler: AgentMessageHandler,
  context: AgentDeliveryContext,
): Promise<RequestOutcome> {
  const streamId = conversationStreamId(conversationOf(request));
  if (context.deliveryAttempt > 1) {
    const recorded = await findOutcome(store, streamId, request.id);
    if (recorded) return recorded;
  }
  let outcome: RequestOutcome;
  try {
    const body = (await handler(request, context)) ?? null;
    assertJsonBody(body, request);
    outcome = { requestId: request.id, message: responseTo(request, body, clock) };
  } catch (error) {
    // A handler that gave up because its listener is closing hands the request back to the bus
    // for another listener; one that failed for its own reason (even while closing) answers it.
    if (context.signal.aborted && isAbandonment(error, context.signal)) throw error;
    outcome = {
      requestId: request.id,
      responder: request.to,
      error: jsonSafe(serializeError(error)),
    };
  }
  const appended = await store.append(streamId, [outcomeEvent(request, outcome)]);
  return appended.events[0]!.data as RequestOutcome;
}

async function findOutcome(
  store: EventStore,
  streamId: string,
  requestId: string,
): Promise<RequestOutcome | undefined> {
  const id = outcomeEventId(requestId);
  for await (const event of store.readStream(streamId)) {
    if (event.id === id) return event.data as RequestOutcome;
  }
  return undefined;
}

function responseTo(request: AgentMessage, body: JsonValue, clock: Clock): AgentMessage {
  return {
    id: newId(),
    type: `${request.type}.response`,
    from: request.to,
    to: request.from,
    body,
    correlationId: conversationOf(request),
    inReplyTo: request.id,
    sentAt: isoTime(clock),
  };
}

function assertJsonBody(body: unknown, request: AgentMessage): asserts body is JsonValue {
  const issues: ValidationIssue[] = [];
  checkJson(body, ['body'], issues, false);
  if (issues.length > 0) {
    throw new ValidationError(
      `the handler of agent ${request.to} answered ${request.type} with a body that is not JSON (return plain JSON values)`,
      issues,
    );
  }
}

// Error details are the thrower's choice; what cannot be stored as JSON is dropped, not retried forever.
function jsonSafe(error: SerializedError): SerializedError {
  const issues: ValidationIssue[] = [];
  checkJson(error, [], issues, false);
  if (issues.length === 0) return error;
  const { details: _details, cause: _cause, ...rest } = error;
  return rest;
}

/** True when `error` is the handler giving up on the aborted delivery rather than failing. */
function isAbandonment(error: unknown, signal: AbortSignal): boolean {
  if (error === signal.reason || hasErrorCode(error, 'ABORTED')) return true;
  return error instanceof Error && error.name === 'AbortError';
}
