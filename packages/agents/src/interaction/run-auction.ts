import {
  type Clock,
  type EventStore,
  isoFromEpochMs,
  type JsonValue,
  newId,
  serializeError,
  systemClock,
} from '@agenticflow/core';
import type { AgentMessenger } from './agent-messenger.js';
import { AuctionEventTypes, auctionStreamId } from './auction-events.js';
import { AWARD_TYPE, type Award, type CallForProposals } from './auction-messages.js';
import type { AwardStrategy, ReceivedBid } from './award-strategies.js';
import { assertRunAuctionOptions } from './check-run-auction-options.js';
import { collectBids } from './collect-bids.js';
import { AuctionFailedError } from './interaction-errors.js';
import { StreamWriter } from './stream-writer.js';

/** Options of {@link runAuction}. */
export interface RunAuctionOptions {
  readonly messenger: AgentMessenger;
  /** Where the auction's stream `auction-<id>` is written. */
  readonly store: EventStore;
  /** @defaultValue the system clock (use the messenger's clock) */
  readonly clock?: Clock;
  /** @defaultValue a new UUIDv7 */
  readonly auctionId?: string;
  /** The agent running the auction (the manager of contract-net). */
  readonly auctioneer: string;
  /** The agents invited to bid, each answering through {@link auctionBidder} in any process. */
  readonly bidders: readonly string[];
  /** What is auctioned: the task of contract-net, or the item of a sale. */
  readonly task: JsonValue;
  /** How long bids are taken, from now. */
  readonly biddingMs: number;
  /** Who wins, at what price: {@link lowestCost}, {@link bestScore}, {@link secondPrice} or your own. */
  readonly award: AwardStrategy;
  /** How long an awarded bidder has to perform before the next bidder gets the contract. @defaultValue 30000 */
  readonly awardTimeoutMs?: number;
}

/** A completed auction. */
export interface AuctionResult {
  readonly auctionId: string;
  readonly winner: string;
  /** What the winner is paid (or pays), by the award strategy. */
  readonly price: number;
  /** What the winner's `perform` returned. */
  readonly result: JsonValue;
  /** Every bid, in the order received. */
  readonly bids: readonly ReceivedBid[];
  /** Bidders the contract was offered to, in order, the winner last. */
  readonly awardedTo: readonly string[];
}

/**
 * Runs a contract-net auction: a call for proposals to every bidder, bids until all answered or
 * `biddingMs` passed, then the award by `award`'s ranking. When the winner fails, rejects
 * (`AwardRejectedError`) or does not answer in `awardTimeoutMs`, the contract goes to the next
 * bidder. Every step is an event of `auction-<id>`. With no bids, or when every awarded bidder
 * failed, it records `auction.failed` and rejects with `AUCTION_FAILED` (`details.reason`
 * `no_bids` or `no_winner`).
 *
 * @example
 * ```ts
 * const { winner, price, result } = await runAuction({ messenger, store, auctioneer: 'dispatcher',
 *   bidders: ['truck-1', 'truck-2'], task: { from: 'Lyon', to: 'Nice' }, biddingMs: 2_000,
 *   award: lowestCost() });
 * ```
 */
export async function runAuction(options: RunAuctionOptions): Promise<AuctionResult> {
  assertRunAuctionOptions(options);
  const { messenger, auctioneer, task, award } = options;
  const clock = options.clock ?? systemClock;
  const auctionId = options.auctionId ?? newId();
  const bidders = [...new Set(options.bidders)];
  const deadline = clock.now() + options.biddingMs;
  const writer = new StreamWriter(options.store, auctionStreamId(auctionId), {
    correlationId: auctionId,
    actor: auctioneer,
  });
  const fail = async (reason: 'no_bids' | 'no_winner', message: string): Promise<never> => {
    await writer.append([{ type: AuctionEventTypes.failed, data: { reason, message } }]);
    throw new AuctionFailedError(auctionId, reason, message);
  };

  const call: CallForProposals = {
    auctionId,
    auctioneer,
    task,
    deadline: isoFromEpochMs(deadline),
  };
  await writer.append([
    {
      type: AuctionEventTypes.announced,
      data: { auctionId, auctioneer, bidders, task, deadline: call.deadline, strategy: award.name },
    },
  ]);
  const answers = await collectBids(messenger, clock, call, bidders, deadline);
  const bids = answers.flatMap((answer) => (answer.kind === 'bid' ? [answer.bid] : []));
  await writer.append([
    ...answers.map((answer) =>
      answer.kind === 'bid'
        ? { type: AuctionEventTypes.bidReceived, data: answer.bid as JsonValue }
        : { type: AuctionEventTypes.bidDeclined, data: answer as unknown as JsonValue },
    ),
    { type: AuctionEventTypes.closed, data: { bids: bids.length } },
  ]);
  if (bids.length === 0) {
    return fail(
      'no_bids',
      `auction ${auctionId} got no bids from ${bidders.length} invited bidder(s) (${bidders.join(', ')}) within ${options.biddingMs} ms: invite bidders that are listening, or allow more time`,
    );
  }

  const ranked = award.rank(bids);
  const awardedTo: string[] = [];
  for (let index = 0; index < ranked.length; index++) {
    const winner = ranked[index]!;
    const price = award.price(ranked, index);
    awardedTo.push(winner.bidder);
    await writer.append([
      { type: AuctionEventTypes.awarded, data: { bidder: winner.bidder, price, rank: index + 1 } },
    ]);
    const body: Award = { auctionId, auctioneer, task, price };
    try {
      const reply = await messenger.request(
        { type: AWARD_TYPE, from: auctioneer, to: winner.bidder, body, correlationId: auctionId },
        { timeoutMs: options.awardTimeoutMs ?? 30_000 },
      );
      await writer.append([
        {
          type: AuctionEventTypes.completed,
          data: { bidder: winner.bidder, price, result: reply.body },
        },
      ]);
      return { auctionId, winner: winner.bidder, price, result: reply.body, bids, awardedTo };
    } catch (error) {
      await writer.append([
        {
          type: AuctionEventTypes.awardFailed,
          data: { bidder: winner.bidder, error: serializeError(error) as unknown as JsonValue },
        },
      ]);
    }
  }
  return fail(
    'no_winner',
    `auction ${auctionId}: every bidder awarded the contract failed or rejected it (${awardedTo.join(', ')}): see the auction.award-failed events of ${auctionStreamId(auctionId)}`,
  );
}
