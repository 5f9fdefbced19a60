import { type JsonValue, ValidationError } from '@agenticflow/core';
import type { NegotiationTurn } from './negotiation-strategy.js';

/** Options of {@link timeDependentConcession}. */
export interface TimeDependentConcessionOptions<Offer extends JsonValue> {
  /** The offers this side may make. */
  readonly candidates: readonly Offer[];
  /** This side's utility function. */
  readonly utility: (offer: Offer) => number;
  /** The utility it concedes to at the end (its reservation). */
  readonly reservation: number;
  /**
   * Shape of the concession: below 1 holds firm until late (Boulware), 1 concedes linearly, above
   * 1 concedes early (Conceder).
   * @defaultValue 1
   */
  readonly beta?: number;
}

/**
 * A concession strategy: the target utility falls from this side's best candidate to
 * `reservation` as the talks progress, `target = best - (best - reservation) * progress^(1/beta)`,
 * and it proposes the candidate scoring closest to the target from above.
 *
 * @example
 * ```ts
 * const prices = Array.from({ length: 101 }, (_, n) => 100 + n);
 * const utility = (price: number) => (price - 100) / 100; // a seller: dearer is better
 * const seller = { utility, reservation: 0.3, propose: timeDependentConcession({ candidates: prices, utility, reservation: 0.3 }) };
 * ```
 */
export function timeDependentConcession<Offer extends JsonValue>(
  options: TimeDependentConcessionOptions<Offer>,
): (turn: NegotiationTurn<Offer>) => Offer {
  const beta = options.beta ?? 1;
  if (options.candidates.length === 0) {
    throw new ValidationError('invalid timeDependentConcession options', [
      { path: ['candidates'], message: 'is empty: give at least one offer this side may make' },
    ]);
  }
  if (!(beta > 0 && Number.isFinite(beta))) {
    throw new ValidationError('invalid timeDependentConcession options', [
      { path: ['beta'], message: `${String(beta)} must be a finite number above 0, such as 1` },
    ]);
  }
  const scored = options.candidates
    .map((offer) => ({ offer, score: options.utility(offer) }))
    .sort((a, b) => a.score - b.score);
  const best = scored[scored.length - 1]!;
  return (turn) => {
    const target = best.score - (best.score - options.reservation) * turn.progress ** (1 / beta);
    return (scored.find((entry) => entry.score >= target) ?? best).offer;
  };
}
