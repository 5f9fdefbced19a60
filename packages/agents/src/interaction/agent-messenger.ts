import type { JsonValue } from '@agenticflow/core';

/**
 * One message between agents. Agents are addressed by id; addressing by capability resolves to an
 * id through the capability matcher first.
 */
export interface AgentMessage<Body extends JsonValue = JsonValue> {
  /** UUIDv7, unique per message; a redelivery keeps it. */
  readonly id: string;
  /** What the message means, dotted lower case: `'task.translate'`, `'negotiation.offer'`. */
  readonly type: string;
  /** The sending agent (or client) id. */
  readonly from: string;
  /** The receiving agent id. */
  readonly to: string;
  readonly body: Body;
  /**
   * Set on a request (and on any message sent with one) and copied onto its response. Names the
   * conversation the message is recorded in: stream `conversation-<correlationId>`.
   */
  readonly correlationId?: string;
  /** On a response: the id of the request it answers. */
  readonly inReplyTo?: string;
  /** When it was sent, ISO-8601 UTC. */
  readonly sentAt: string;
}

/** Given with each delivery to an agent. */
export interface AgentDeliveryContext {
  /** Aborted when the delivery is given up (the listener closes, or the bus's ack timeout passes). */
  readonly signal: AbortSignal;
  /** 1 on the first delivery, then 2, 3… */
  readonly deliveryAttempt: number;
}

/**
 * Handles a message addressed to one agent. For a request, the resolved value is the response body;
 * a thrown `AgenticFlowError` reaches the requester as the same code. For a plain message the
 * resolved value is ignored. Throwing from a plain message has it delivered again, as on the bus.
 */
export type AgentMessageHandler = (
  message: AgentMessage,
  context: AgentDeliveryContext,
) => JsonValue | undefined | Promise<JsonValue | undefined>;

/** What to send: the messenger fills in `id`, `sentAt` and, for requests, `correlationId`. */
export interface OutgoingAgentMessage<Body extends JsonValue = JsonValue> {
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly body: Body;
  /**
   * Puts the message in an existing conversation (a negotiation, an auction) instead of a new one.
   * @defaultValue the message's own id
   */
  readonly correlationId?: string;
}

/** Options of {@link AgentMessenger.request}. */
export interface AgentRequestOptions {
  /**
   * How long to wait for the response before failing with `TIMEOUT`.
   * @defaultValue the messenger's `defaultTimeoutMs` (30000)
   */
  readonly timeoutMs?: number;
  /** Aborting it rejects the request with `ABORTED` (the request stays recorded as sent). */
  readonly signal?: AbortSignal;
}

/** A running listener; `close()` stops deliveries and waits for handlers in flight. */
export interface AgentListener {
  readonly agentId: string;
  close(): Promise<void>;
}

/**
 * Carries messages between agents over an `EventBus`, in one process or across many, and records
 * each message as an event. The agent runtime listens through it for each agent it hosts; the
 * interaction patterns (request/response, pub/sub, negotiation, auctions) are built on it.
 */
export interface AgentMessenger {
  /**
   * Delivers every message addressed to `agentId` to `handler`, at least once. When several
   * processes listen for the same id, each message goes to one of them.
   */
  listen(agentId: string, handler: AgentMessageHandler): Promise<AgentListener>;
  /** Sends a one-way message and resolves once the bus has accepted it. */
  send<Body extends JsonValue>(message: OutgoingAgentMessage<Body>): Promise<AgentMessage<Body>>;
  /**
   * Sends a request and resolves with the response, or rejects with `TIMEOUT` when none arrives in
   * time, or with the error the responder threw (same code).
   */
  request<Response extends JsonValue = JsonValue, Body extends JsonValue = JsonValue>(
    message: OutgoingAgentMessage<Body>,
    options?: AgentRequestOptions,
  ): Promise<AgentMessage<Response>>;
  /** Stops every listener and pending request of this messenger; does not close the bus or store. */
  close(): Promise<void>;
}
