import type { JsonValue } from '@agenticflow/core';

/** What a side knows when it proposes or judges an offer. */
export interface NegotiationTurn<Offer extends JsonValue = JsonValue> {
  readonly negotiationId: string;
  /** The round being played: the offer judged was made in it, a counter-offer goes in `round + 1`. */
  readonly round: number;
  readonly maxRounds: number;
  /** Epoch ms after which the negotiation fails with `deadline`. */
  readonly deadline: number;
  /** How far the talks are, 0 to 1: the larger of the rounds used and the time used. */
  readonly progress: number;
  /** The other side's last offer, if any. */
  readonly theirLastOffer?: Offer;
}

/**
 * One side of a negotiation: how it scores offers, when it accepts, and how it concedes.
 *
 * @example
 * ```ts
 * const buyer: NegotiationStrategy<number> = {
 *   utility: (price) => (200 - price) / 100,          // cheaper is better
 *   reservation: 0.2,                                 // never pay more than 180
 *   propose: (turn) => 100 + 80 * turn.progress,      // start at 100, concede towards 180
 * };
 * ```
 */
export interface NegotiationStrategy<Offer extends JsonValue = JsonValue> {
  /** This side's score of an offer: higher is better. */
  utility(offer: Offer): number;
  /**
   * The acceptance threshold: offers scoring below it are never accepted. Above it, an offer is
   * accepted when it scores at least as well as the counter-offer this side would make next (or
   * when no round is left for a counter-offer).
   */
  readonly reservation: number;
  /** The concession strategy: this side's offer for `turn.round`. */
  propose(turn: NegotiationTurn<Offer>): Offer;
  /**
   * Replaces the default acceptance rule: `'accept'`, `'counter'` (propose next) or `'reject'`
   * (walk away; the negotiation fails with reason `rejected`).
   */
  decide?(offer: Offer, turn: NegotiationTurn<Offer>): 'accept' | 'counter' | 'reject';
}

/** What one side does with an offer it received. */
export type NegotiationMove<Offer extends JsonValue = JsonValue> =
  | { readonly decision: 'accept' }
  | { readonly decision: 'counter'; readonly offer: Offer; readonly utility: number }
  | { readonly decision: 'reject' }
  /** Not acceptable, and no round left for a counter-offer. */
  | { readonly decision: 'decline' };

/** Applies a strategy to an offer received in `turn.round`. */
export function respondToOffer<Offer extends JsonValue>(
  strategy: NegotiationStrategy<Offer>,
  offer: Offer,
  turn: NegotiationTurn<Offer>,
): NegotiationMove<Offer> {
  const canCounter = turn.round < turn.maxRounds;
  const next = canCounter ? { ...turn, round: turn.round + 1 } : undefined;
  const custom = strategy.decide?.(offer, turn);
  if (custom === 'reject') return { decision: 'reject' };
  if (custom === 'accept') return { decision: 'accept' };
  const score = strategy.utility(offer);
  if (custom === undefined && score >= strategy.reservation) {
    if (!next) return { decision: 'accept' };
    const counter = strategy.propose(next);
    if (score >= strategy.utility(counter)) return { decision: 'accept' };
    return { decision: 'counter', offer: counter, utility: strategy.utility(counter) };
  }
  if (!next) return { decision: 'decline' };
  const counter = strategy.propose(next);
  return { decision: 'counter', offer: counter, utility: strategy.utility(counter) };
}

/** `progress` of a turn: the larger of rounds used and time used, clamped to 0..1. */
export function negotiationProgress(
  round: number,
  maxRounds: number,
  startedAt: number,
  deadline: number,
  now: number,
): number {
  const byRounds = maxRounds <= 1 ? 1 : (round - 1) / (maxRounds - 1);
  const byTime = deadline <= startedAt ? 1 : (now - startedAt) / (deadline - startedAt);
  return Math.min(1, Math.max(0, byRounds, byTime));
}
