import type { JsonValue } from '@agenticflow/core';
import type { AgentListener, AgentMessageHandler, AgentMessenger } from './agent-messenger.js';
import { ProtocolViolationError } from './interaction-errors.js';
import { NEGOTIATION_OFFER_TYPE, parseOfferBody } from './negotiation-messages.js';
import {
  type NegotiationStrategy,
  negotiationProgress,
  respondToOffer,
} from './negotiation-strategy.js';

/** Options of {@link negotiationResponder}. */
export interface NegotiationResponderOptions {
  /** Source of `progress` by time. @defaultValue Date.now */
  readonly now?: () => number;
}

/**
 * The responding side of a negotiation as a message handler: it judges each `negotiation.offer`
 * with `strategy` and answers accept, counter-offer, reject or decline. Route `negotiation.offer`
 * messages of an agent to it (or use {@link listenForNegotiations}).
 *
 * @example
 * ```ts
 * const respond = negotiationResponder(sellerStrategy);
 * await messenger.listen('seller', (message, context) =>
 *   message.type === 'negotiation.offer' ? respond(message, context) : handleOther(message));
 * ```
 */
export function negotiationResponder<Offer extends JsonValue>(
  strategy: NegotiationStrategy<Offer>,
  options: NegotiationResponderOptions = {},
): AgentMessageHandler {
  const now = options.now ?? Date.now;
  return (message) => {
    if (message.type !== NEGOTIATION_OFFER_TYPE) {
      throw new ProtocolViolationError(
        `negotiationResponder got a ${message.type} message from ${message.from}: route only ${NEGOTIATION_OFFER_TYPE} messages to it`,
      );
    }
    const body = parseOfferBody(message.body, message.from);
    const turn = {
      negotiationId: body.negotiationId,
      round: body.round,
      maxRounds: body.maxRounds,
      deadline: body.deadline,
      progress: negotiationProgress(
        body.round + 1,
        body.maxRounds,
        body.startedAt,
        body.deadline,
        now(),
      ),
      theirLastOffer: body.offer as Offer,
    };
    return respondToOffer(strategy, body.offer as Offer, turn) as JsonValue;
  };
}

/** Listens for `agentId` and answers every negotiation offer with `strategy`. */
export function listenForNegotiations<Offer extends JsonValue>(
  messenger: AgentMessenger,
  agentId: string,
  strategy: NegotiationStrategy<Offer>,
  options: NegotiationResponderOptions = {},
): Promise<AgentListener> {
  return messenger.listen(agentId, negotiationResponder(strategy, options));
}
