import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import {
  type NegotiationStrategy,
  type NegotiationTurn,
  timeDependentConcession,
} from '../../src/interaction/index.js';
import { respondToOffer } from '../../src/interaction/negotiation-strategy.js';

const prices = [100, 120, 140, 160, 180, 200];
const sellerUtility = (price: number) => (price - 100) / 100;
const turn = (round: number, progress: number, maxRounds = 10): NegotiationTurn<number> => ({
  negotiationId: 'n',
  round,
  maxRounds,
  deadline: 0,
  progress,
});

describe('timeDependentConcession', () => {
  it('starts at the best candidate and concedes to the reservation as progress goes to 1', () => {
    const propose = timeDependentConcession({
      candidates: prices,
      utility: sellerUtility,
      reservation: 0.4,
    });
    expect(propose(turn(1, 0))).toBe(200);
    expect(propose(turn(5, 0.5))).toBe(180); // target 0.7: the lowest candidate at or above it
    expect(propose(turn(10, 1))).toBe(140);
  });

  it('holds firm longer with beta below 1 (Boulware) than with beta above 1 (Conceder)', () => {
    const boulware = timeDependentConcession({
      candidates: prices,
      utility: sellerUtility,
      reservation: 0,
      beta: 0.2,
    });
    const conceder = timeDependentConcession({
      candidates: prices,
      utility: sellerUtility,
      reservation: 0,
      beta: 5,
    });
    expect(boulware(turn(5, 0.5))).toBeGreaterThan(conceder(turn(5, 0.5)));
  });

  it('refuses no candidates and a beta that is not above 0, saying what to give', () => {
    const empty = expectThrownCode(
      () => timeDependentConcession({ candidates: [], utility: sellerUtility, reservation: 0 }),
      'VALIDATION_FAILED',
    );
    expect(empty.message).toContain('candidates: is empty');
    const beta = expectThrownCode(
      () =>
        timeDependentConcession({
          candidates: prices,
          utility: sellerUtility,
          reservation: 0,
          beta: 0,
        }),
      'VALIDATION_FAILED',
    );
    expect(beta.message).toContain('beta: 0 must be a finite number above 0');
  });
});

describe('respondToOffer', () => {
  const seller: NegotiationStrategy<number> = {
    utility: sellerUtility,
    reservation: 0.4,
    propose: (next) => (next.progress < 0.5 ? 180 : 150),
  };

  it('accepts an offer at least as good as its own next counter-offer', () => {
    expect(respondToOffer(seller, 185, turn(1, 0))).toEqual({ decision: 'accept' });
  });

  it('counters an acceptable offer that is worse than its next counter-offer', () => {
    expect(respondToOffer(seller, 160, turn(1, 0))).toEqual({
      decision: 'counter',
      offer: 180,
      utility: 0.8,
    });
  });

  it('never accepts below its reservation, and declines when no round is left', () => {
    expect(respondToOffer(seller, 120, turn(3, 0.9))).toMatchObject({
      decision: 'counter',
      offer: 150,
    });
    expect(respondToOffer(seller, 120, turn(10, 1))).toEqual({ decision: 'decline' });
    expect(respondToOffer(seller, 145, turn(10, 1))).toEqual({ decision: 'accept' });
  });

  it('lets a custom decide walk away or accept', () => {
    expect(respondToOffer({ ...seller, decide: () => 'reject' }, 200, turn(1, 0))).toEqual({
      decision: 'reject',
    });
    expect(respondToOffer({ ...seller, decide: () => 'accept' }, 101, turn(1, 0))).toEqual({
      decision: 'accept',
    });
  });
});
