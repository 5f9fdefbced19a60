import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/** The error codes of the interaction patterns (messenger, negotiation, auctions). */
export const InteractionErrorCodes = {
  /** This messenger already listens for the agent id; close that listener first. */
  AGENT_ALREADY_LISTENING: 'AGENT_ALREADY_LISTENING',
  /** A message on the bus or a reply from another agent does not have the expected shape. */
  PROTOCOL_VIOLATION: 'PROTOCOL_VIOLATION',
  /** A bidder refused the contract it was awarded; the auction offers it to the next bidder. */
  AWARD_REJECTED: 'AWARD_REJECTED',
  /** An auction ended without a contractor: no bids, or every awarded bidder failed. */
  AUCTION_FAILED: 'AUCTION_FAILED',
} as const;

/** A code of {@link InteractionErrorCodes}. */
export type InteractionErrorCode =
  (typeof InteractionErrorCodes)[keyof typeof InteractionErrorCodes];

/** `listen` was called twice for one agent id on the same messenger. */
export class AgentAlreadyListeningError extends AgenticFlowError {
  constructor(
    readonly agentId: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'AGENT_ALREADY_LISTENING',
      `this messenger already listens for agent ${agentId}: close that listener first, or route every message type through one handler`,
      { ...options, details: { ...options.details, agentId } },
    );
    this.name = 'AgentAlreadyListeningError';
  }

  static is(value: unknown): value is AgentAlreadyListeningError {
    return hasErrorCode(value, 'AGENT_ALREADY_LISTENING');
  }
}

/** Another agent (or a bus message) broke the protocol: a reply or payload of the wrong shape. */
export class ProtocolViolationError extends AgenticFlowError {
  constructor(message: string, options: AgenticFlowErrorOptions = {}) {
    super('PROTOCOL_VIOLATION', message, options);
    this.name = 'ProtocolViolationError';
  }

  static is(value: unknown): value is ProtocolViolationError {
    return hasErrorCode(value, 'PROTOCOL_VIOLATION');
  }
}

/**
 * Thrown by a bidder's `perform` to refuse the contract it won. The auctioneer records it and
 * offers the contract to the next bidder in the ranking.
 *
 * @example
 * ```ts
 * perform: (award) => { if (busy()) throw new AwardRejectedError('fully booked'); return work(award.task); }
 * ```
 */
export class AwardRejectedError extends AgenticFlowError {
  constructor(reason: string, options: AgenticFlowErrorOptions = {}) {
    super('AWARD_REJECTED', `the award was rejected: ${reason}`, {
      ...options,
      details: { ...options.details, reason },
    });
    this.name = 'AwardRejectedError';
  }

  static is(value: unknown): value is AwardRejectedError {
    return hasErrorCode(value, 'AWARD_REJECTED');
  }
}

/** Why an auction ended without a contractor. */
export type AuctionFailureReason = 'no_bids' | 'no_winner';

/** An auction ended without a contractor. Its `auction.failed` event is already recorded. */
export class AuctionFailedError extends AgenticFlowError {
  constructor(
    readonly auctionId: string,
    readonly reason: AuctionFailureReason,
    message: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super('AUCTION_FAILED', message, {
      ...options,
      details: { ...options.details, auctionId, reason },
    });
    this.name = 'AuctionFailedError';
  }

  static is(value: unknown): value is AuctionFailedError {
    return hasErrorCode(value, 'AUCTION_FAILED');
  }
}
