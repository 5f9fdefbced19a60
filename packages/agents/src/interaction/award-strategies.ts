import type { JsonValue } from '@agenticflow/core';

/** A bid as the auctioneer received it. */
export interface ReceivedBid {
  readonly [key: string]: JsonValue | undefined;
  readonly bidder: string;
  /** The price asked (contract-net: a cost) or offered (a sale). */
  readonly price: number;
  /** A quality score, higher is better, for {@link bestScore}. */
  readonly score?: number;
  /** Anything else the bidder said. */
  readonly details?: JsonValue;
}

/**
 * Decides who wins an auction and at what price. `rank` orders the bids best first (the
 * auctioneer offers the contract down this list while winners fail or reject); `price` is what the
 * bidder at `index` of the ranking is paid (or pays) when awarded.
 */
export interface AwardStrategy {
  /** Recorded in `auction.announced`. */
  readonly name: string;
  rank(bids: readonly ReceivedBid[]): ReceivedBid[];
  price(ranked: readonly ReceivedBid[], index: number): number;
}

/**
 * Contract-net's usual rule: the lowest price wins and is paid its own price. Ties go to the bid
 * received first.
 *
 * @example
 * ```ts
 * await runAuction({ ...options, award: lowestCost() });
 * ```
 */
export function lowestCost(): AwardStrategy {
  return {
    name: 'lowest-cost',
    rank: (bids) => [...bids].sort((a, b) => a.price - b.price),
    price: (ranked, index) => ranked[index]!.price,
  };
}

/**
 * The best score wins and is paid its own price. `score` rates a bid (default: the bid's own
 * `score`, and a bid without one ranks last). Ties go to the lower price.
 */
export function bestScore(score?: (bid: ReceivedBid) => number): AwardStrategy {
  const rate = score ?? ((bid: ReceivedBid) => bid.score ?? Number.NEGATIVE_INFINITY);
  return {
    name: 'best-score',
    rank: (bids) =>
      bids
        .map((bid) => ({ bid, rating: rate(bid) }))
        .sort((a, b) => b.rating - a.rating || a.bid.price - b.bid.price)
        .map((entry) => entry.bid),
    price: (ranked, index) => ranked[index]!.price,
  };
}

/** Options of {@link secondPrice}. */
export interface SecondPriceOptions {
  /**
   * `'highest'`: a sale, the highest offer wins and pays the second-highest. `'lowest'`: a
   * procurement, the lowest ask wins and is paid the second-lowest.
   * @defaultValue 'highest'
   */
  readonly best?: 'highest' | 'lowest';
}

/**
 * A sealed-bid second-price (Vickrey) auction: the best bid wins at the price of the next bid in
 * the ranking, so bidding one's true value is the best strategy. A lone bid pays its own price.
 * When a winner fails and the contract goes to the next bidder, that one pays the bid after it.
 */
export function secondPrice(options: SecondPriceOptions = {}): AwardStrategy {
  const best = options.best ?? 'highest';
  return {
    name: `second-price-${best}`,
    rank: (bids) =>
      [...bids].sort((a, b) => (best === 'highest' ? b.price - a.price : a.price - b.price)),
    price: (ranked, index) => (ranked[index + 1] ?? ranked[index]!).price,
  };
}
