import { AgenticFlowError } from '@agenticflow/core';
import { expectRejectedCode, ManualClock, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import {
  type AgentMessenger,
  AwardRejectedError,
  type AwardStrategy,
  type Bidder,
  bestScore,
  listenAsBidder,
  lowestCost,
  readAuction,
  runAuction,
  secondPrice,
} from '../../src/interaction/index.js';
import { hang, inMemorySetup } from './support/in-memory-setup.js';

/** A bidder that asks `price` (with `score`) and performs by returning what it did. */
function fixedBidder(price: number | null, extra: Partial<Bidder> = {}, score?: number): Bidder {
  return {
    bid: () => (price === null ? null : { price, ...(score === undefined ? {} : { score }) }),
    perform: (award) => ({ done: award.task, paid: award.price }),
    ...extra,
  };
}

async function withBidders(bidders: Record<string, Bidder>, clock?: ManualClock) {
  const setup = inMemorySetup(clock);
  const host = setup.messenger();
  for (const [id, bidder] of Object.entries(bidders)) await listenAsBidder(host, id, bidder);
  return { ...setup, auctioneer: setup.messenger() };
}

function auction(
  messenger: AgentMessenger,
  store: Parameters<typeof runAuction>[0]['store'],
  award: AwardStrategy,
  bidders: string[],
) {
  return runAuction({
    messenger,
    store,
    auctioneer: 'dispatcher',
    bidders,
    task: { deliver: 'parcel-9' },
    biddingMs: 5_000,
    award,
  });
}

describe('runAuction', () => {
  it('awards the lowest cost at its own price and records the whole auction', async () => {
    const { store, auctioneer } = await withBidders({
      a: fixedBidder(50),
      b: fixedBidder(30),
      c: fixedBidder(40),
      d: fixedBidder(null),
    });
    const result = await auction(auctioneer, store, lowestCost(), ['a', 'b', 'c', 'd']);
    expect(result).toMatchObject({ winner: 'b', price: 30, awardedTo: ['b'] });
    expect(result.result).toEqual({ done: { deliver: 'parcel-9' }, paid: 30 });
    const state = await readAuction(store, result.auctionId);
    expect(state).toMatchObject({
      status: 'completed',
      winner: 'b',
      price: 30,
      strategy: 'lowest-cost',
    });
    expect(state?.bids.map((bid) => bid.bidder).sort()).toEqual(['a', 'b', 'c']);
    expect(state?.declined).toEqual([{ bidder: 'd', reason: 'declined' }]);
  });

  it('second-price: the highest bid wins and pays the second-highest price', async () => {
    const { store, auctioneer } = await withBidders({
      a: fixedBidder(100),
      b: fixedBidder(80),
      c: fixedBidder(90),
    });
    const result = await auction(auctioneer, store, secondPrice(), ['a', 'b', 'c']);
    expect(result).toMatchObject({ winner: 'a', price: 90 });
    expect(result.result).toMatchObject({ paid: 90 });
  });

  it('second-price in a procurement: the lowest ask wins and is paid the second-lowest', async () => {
    const { store, auctioneer } = await withBidders({ a: fixedBidder(50), b: fixedBidder(30) });
    const result = await auction(auctioneer, store, secondPrice({ best: 'lowest' }), ['a', 'b']);
    expect(result).toMatchObject({ winner: 'b', price: 50 });
  });

  it('best score: the highest score wins at its own price', async () => {
    const { store, auctioneer } = await withBidders({
      a: fixedBidder(10, {}, 0.5),
      b: fixedBidder(70, {}, 0.9),
      c: fixedBidder(20),
    });
    const result = await auction(auctioneer, store, bestScore(), ['a', 'b', 'c']);
    expect(result).toMatchObject({ winner: 'b', price: 70 });
  });

  it('re-awards to the next bidder when the winner rejects or fails, recording each attempt', async () => {
    const { store, auctioneer } = await withBidders({
      cheap: fixedBidder(10, {
        perform: () => {
          throw new AwardRejectedError('fully booked');
        },
      }),
      broken: fixedBidder(20, {
        perform: () => {
          throw new AgenticFlowError('TRUCK_BROKEN', 'engine failure');
        },
      }),
      solid: fixedBidder(30),
      spare: fixedBidder(40),
    });
    const result = await auction(auctioneer, store, secondPrice({ best: 'lowest' }), [
      'cheap',
      'broken',
      'solid',
      'spare',
    ]);
    // The re-awarded winner is paid the price of the bid after it in the ranking.
    expect(result).toMatchObject({
      winner: 'solid',
      price: 40,
      awardedTo: ['cheap', 'broken', 'solid'],
    });
    const state = await readAuction(store, result.auctionId);
    expect(
      state?.awards.map((award) => [award.bidder, award.rank, award.price, award.status]),
    ).toEqual([
      ['cheap', 1, 20, 'failed'],
      ['broken', 2, 30, 'failed'],
      ['solid', 3, 40, 'completed'],
    ]);
    expect(state?.awards.map((award) => award.error?.code)).toEqual([
      'AWARD_REJECTED',
      'TRUCK_BROKEN',
      undefined,
    ]);
  });

  it('fails with AUCTION_FAILED (no_bids) when every bidder declines or sends no valid bid', async () => {
    const { store, auctioneer } = await withBidders({
      a: fixedBidder(null),
      b: { ...fixedBidder(1), bid: () => ({ price: 'cheap' }) as never },
    });
    const error = await expectRejectedCode(
      runAuction({
        messenger: auctioneer,
        store,
        auctionId: 'no-bids-1',
        auctioneer: 'dispatcher',
        bidders: ['a', 'b'],
        task: 'x',
        biddingMs: 5_000,
        award: lowestCost(),
      }),
      'AUCTION_FAILED',
    );
    expect(error.details).toMatchObject({ reason: 'no_bids', auctionId: 'no-bids-1' });
    expect(error.message).toContain('got no bids from 2 invited bidder(s) (a, b)');
    const state = await readAuction(store, 'no-bids-1');
    expect(state?.status).toBe('failed');
    expect(state?.declined).toEqual(
      expect.arrayContaining([
        { bidder: 'a', reason: 'declined' },
        { bidder: 'b', reason: 'invalid' },
      ]),
    );
  });

  it('closes bidding at the deadline: silent bidders count as no_answer', async () => {
    const clock = new ManualClock();
    const { store, auctioneer } = await withBidders(
      { silent: { bid: () => hang(), perform: () => null }, fast: fixedBidder(5) },
      clock,
    );
    const running = runAuction({
      messenger: auctioneer,
      store,
      clock,
      auctioneer: 'dispatcher',
      bidders: ['silent', 'fast'],
      task: 'x',
      biddingMs: 2_000,
      award: lowestCost(),
    });
    await waitFor(() => clock.pendingSleepers === 1, { message: 'only the silent bidder pending' });
    clock.advance(2_000);
    const result = await running;
    expect(result.winner).toBe('fast');
    const state = await readAuction(store, result.auctionId);
    expect(state?.declined).toEqual([{ bidder: 'silent', reason: 'no_answer' }]);
  });

  it('fails with AUCTION_FAILED (no_winner) when every awarded bidder fails', async () => {
    const failing = (price: number) =>
      fixedBidder(price, {
        perform: () => {
          throw new AwardRejectedError('no');
        },
      });
    const { store, auctioneer } = await withBidders({ a: failing(1), b: failing(2) });
    const error = await expectRejectedCode(
      auction(auctioneer, store, lowestCost(), ['a', 'b']),
      'AUCTION_FAILED',
    );
    expect(error.details.reason).toBe('no_winner');
    const state = await readAuction(store, error.details.auctionId as string);
    expect(state?.awards.map((award) => award.status)).toEqual(['failed', 'failed']);
    expect(state?.failure?.reason).toBe('no_winner');
  });

  it('refuses bad options listing every problem', async () => {
    const { store, auctioneer } = await withBidders({});
    const error = await expectRejectedCode(
      runAuction({
        messenger: auctioneer,
        store,
        auctioneer: 'x y',
        bidders: [],
        task: undefined as never,
        biddingMs: 0,
        award: {} as never,
      }),
      'VALIDATION_FAILED',
    );
    for (const text of [
      '"x y" is not an agent id',
      'bidders: must be a non-empty array',
      'task: is missing',
      'biddingMs: 0 must be',
      'award: must be an AwardStrategy',
    ])
      expect(error.message).toContain(text);
  });
});
