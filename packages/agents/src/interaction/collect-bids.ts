import {
  type Clock,
  hasErrorCode,
  type JsonValue,
  type SerializedError,
  serializeError,
} from '@agenticflow/core';
import type { AgentMessenger } from './agent-messenger.js';
import type { DeclineReason } from './auction-events.js';
import {
  CALL_FOR_PROPOSALS_TYPE,
  type CallForProposals,
  parseBidReply,
} from './auction-messages.js';
import type { ReceivedBid } from './award-strategies.js';

/** What one invited bidder did before the deadline. */
export type BidderAnswer =
  | { readonly kind: 'bid'; readonly bid: ReceivedBid }
  | {
      readonly kind: 'declined';
      readonly bidder: string;
      readonly reason: DeclineReason;
      readonly error?: SerializedError;
    };

/**
 * Sends the call for proposals to every bidder at once and waits until each has answered or the
 * deadline passes. Answers come back in the order they arrived; silence counts as `no_answer`.
 */
export async function collectBids(
  messenger: AgentMessenger,
  clock: Clock,
  call: CallForProposals,
  bidders: readonly string[],
  deadline: number,
): Promise<BidderAnswer[]> {
  const answers: BidderAnswer[] = [];
  await Promise.all(
    bidders.map(async (bidder) => {
      answers.push(await askOne(messenger, clock, call, bidder, deadline));
    }),
  );
  return answers;
}

async function askOne(
  messenger: AgentMessenger,
  clock: Clock,
  call: CallForProposals,
  bidder: string,
  deadline: number,
): Promise<BidderAnswer> {
  const remaining = deadline - clock.now();
  if (remaining <= 0) return { kind: 'declined', bidder, reason: 'no_answer' };
  let body: JsonValue;
  try {
    const reply = await messenger.request(
      {
        type: CALL_FOR_PROPOSALS_TYPE,
        from: call.auctioneer,
        to: bidder,
        body: call,
        correlationId: call.auctionId,
      },
      { timeoutMs: Math.ceil(remaining) },
    );
    body = reply.body;
  } catch (error) {
    if (hasErrorCode(error, 'TIMEOUT')) return { kind: 'declined', bidder, reason: 'no_answer' };
    return { kind: 'declined', bidder, reason: 'error', error: serializeError(error) };
  }
  try {
    const bid = parseBidReply(body, bidder);
    if (bid === null) return { kind: 'declined', bidder, reason: 'declined' };
    return {
      kind: 'bid',
      bid: {
        bidder,
        price: bid.price,
        ...(bid.score === undefined ? {} : { score: bid.score }),
        ...(bid.details === undefined ? {} : { details: bid.details }),
      },
    };
  } catch (error) {
    return { kind: 'declined', bidder, reason: 'invalid', error: serializeError(error) };
  }
}
