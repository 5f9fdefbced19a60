export type {
  AgentDeliveryContext,
  AgentListener,
  AgentMessage,
  AgentMessageHandler,
  AgentMessenger,
  AgentRequestOptions,
  OutgoingAgentMessage,
} from './agent-messenger.js';
export type { AgentMessengerOptions } from './agent-messenger-options.js';
export {
  type AgentTopicHandler,
  type AgentTopicMessage,
  type AgentTopics,
  type AgentTopicsOptions,
  createAgentTopics,
} from './agent-topics.js';
export { auctionBidder, type Bidder, listenAsBidder } from './auction-bidder.js';
export {
  type AuctionAward,
  AuctionEventTypes,
  type AuctionState,
  auctionStreamId,
  type DeclineReason,
  foldAuction,
  readAuction,
} from './auction-events.js';
export {
  AWARD_TYPE,
  type Award,
  type BidReply,
  CALL_FOR_PROPOSALS_TYPE,
  type CallForProposals,
} from './auction-messages.js';
export {
  type AwardStrategy,
  bestScore,
  lowestCost,
  type ReceivedBid,
  type SecondPriceOptions,
  secondPrice,
} from './award-strategies.js';
export {
  ConversationEventTypes,
  conversationStreamId,
  type RequestOutcome,
} from './conversation-events.js';
export { createAgentMessenger } from './create-agent-messenger.js';
export {
  AgentAlreadyListeningError,
  AuctionFailedError,
  type AuctionFailureReason,
  AwardRejectedError,
  type InteractionErrorCode,
  InteractionErrorCodes,
  ProtocolViolationError,
} from './interaction-errors.js';
export { type NegotiateOptions, negotiate } from './negotiate.js';
export {
  foldNegotiation,
  NegotiationEventTypes,
  type NegotiationFailureReason,
  type NegotiationOffer,
  type NegotiationOutcome,
  type NegotiationState,
  negotiationStreamId,
  readNegotiation,
} from './negotiation-events.js';
export { NEGOTIATION_OFFER_TYPE, type NegotiationOfferBody } from './negotiation-messages.js';
export {
  listenForNegotiations,
  type NegotiationResponderOptions,
  negotiationResponder,
} from './negotiation-responder.js';
export type {
  NegotiationMove,
  NegotiationStrategy,
  NegotiationTurn,
} from './negotiation-strategy.js';
export {
  type AuctionResult,
  type RunAuctionOptions,
  runAuction,
} from './run-auction.js';
export {
  type TimeDependentConcessionOptions,
  timeDependentConcession,
} from './time-dependent-concession.js';
