import type { JsonValue } from '@agenticflow/core';
import type {
  AgentDeliveryContext,
  AgentListener,
  AgentMessageHandler,
  AgentMessenger,
} from './agent-messenger.js';
import {
  AWARD_TYPE,
  type Award,
  type BidReply,
  CALL_FOR_PROPOSALS_TYPE,
  type CallForProposals,
  parseAward,
  parseCallForProposals,
} from './auction-messages.js';
import { ProtocolViolationError } from './interaction-errors.js';

/** One bidder of auctions: how it bids and how it carries out a contract it wins. */
export interface Bidder {
  /** Answers a call for proposals with a bid, or `null` (or `undefined`) to decline. */
  bid(
    call: CallForProposals,
    context: AgentDeliveryContext,
  ): BidReply | undefined | Promise<BidReply | undefined>;
  /**
   * Carries out an awarded contract and returns its result. Throw `AwardRejectedError` to refuse
   * it, or any error to fail it: either way the auctioneer offers it to the next bidder.
   */
  perform(award: Award, context: AgentDeliveryContext): JsonValue | Promise<JsonValue>;
}

/**
 * A bidder as a message handler for `auction.cfp` and `auction.award` messages. Route those types
 * of an agent to it (or use {@link listenAsBidder}).
 *
 * @example
 * ```ts
 * await listenAsBidder(messenger, 'truck-7', {
 *   bid: (call) => ({ price: quote(call.task) }),
 *   perform: (award) => deliver(award.task),
 * });
 * ```
 */
export function auctionBidder(bidder: Bidder): AgentMessageHandler {
  return async (message, context) => {
    if (message.type === CALL_FOR_PROPOSALS_TYPE) {
      return (await bidder.bid(parseCallForProposals(message.body, message.from), context)) ?? null;
    }
    if (message.type === AWARD_TYPE) {
      return bidder.perform(parseAward(message.body, message.from), context);
    }
    throw new ProtocolViolationError(
      `auctionBidder got a ${message.type} message from ${message.from}: route only ${CALL_FOR_PROPOSALS_TYPE} and ${AWARD_TYPE} messages to it`,
    );
  };
}

/** Listens for `agentId` and answers calls for proposals and awards with `bidder`. */
export function listenAsBidder(
  messenger: AgentMessenger,
  agentId: string,
  bidder: Bidder,
): Promise<AgentListener> {
  return messenger.listen(agentId, auctionBidder(bidder));
}
