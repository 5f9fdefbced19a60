import { AgenticFlowError, collect } from '@agenticflow/core';
import { expectRejectedCode, ManualClock, waitFor } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import {
  foldNegotiation,
  listenForNegotiations,
  type NegotiationStrategy,
  negotiate,
  negotiationStreamId,
  readNegotiation,
  timeDependentConcession,
} from '../../src/interaction/index.js';
import { hang, inMemorySetup } from './support/in-memory-setup.js';

const prices = Array.from({ length: 101 }, (_, n) => 100 + n);

/** A buyer: cheaper is better; never pays above `max`. */
function buyer(max: number): NegotiationStrategy<number> {
  const utility = (price: number) => (200 - price) / 100;
  const reservation = utility(max);
  return {
    utility,
    reservation,
    propose: timeDependentConcession({ candidates: prices, utility, reservation }),
  };
}

/** A seller: dearer is better; never sells below `min`. */
function seller(min: number): NegotiationStrategy<number> {
  const utility = (price: number) => (price - 100) / 100;
  const reservation = utility(min);
  return {
    utility,
    reservation,
    propose: timeDependentConcession({ candidates: prices, utility, reservation }),
  };
}

async function setUpSeller(strategy: NegotiationStrategy<number>, clock?: ManualClock) {
  const setup = inMemorySetup(clock);
  const sellers = setup.messenger();
  await listenForNegotiations(sellers, 'seller', strategy, clock ? { now: () => clock.now() } : {});
  return { ...setup, buyers: setup.messenger() };
}

describe('negotiate', () => {
  it('agrees on a price both sides accept, alternating offers, and records every step', async () => {
    const { store, buyers } = await setUpSeller(seller(130));
    const outcome = await negotiate({
      messenger: buyers,
      store,
      initiator: 'buyer',
      responder: 'seller',
      strategy: buyer(180),
      maxRounds: 20,
      deadlineMs: 10_000,
    });

    expect(outcome.status).toBe('agreed');
    if (outcome.status !== 'agreed') return;
    expect(outcome.offer).toBeGreaterThanOrEqual(130);
    expect(outcome.offer).toBeLessThanOrEqual(180);
    const state = await readNegotiation<number>(store, outcome.negotiationId);
    expect(state?.status).toBe('agreed');
    expect(state?.outcome).toEqual(outcome);
    const offers = state?.offers ?? [];
    expect(offers.map((offer) => offer.round)).toEqual(offers.map((_, index) => index + 1));
    expect(offers.map((offer) => offer.by)).toEqual(
      offers.map((_, index) => (index % 2 === 0 ? 'buyer' : 'seller')),
    );
    expect(offers.at(-1)?.offer).toBe(outcome.offer);
    expect(outcome.round).toBe(offers.length);
    expect(outcome.acceptedBy).toBe(offers.length % 2 === 0 ? 'buyer' : 'seller');
    // Concessions: each side's offers move towards the other.
    const buyerOffers = offers.filter((offer) => offer.by === 'buyer').map((offer) => offer.offer);
    expect(buyerOffers).toEqual([...buyerOffers].sort((a, b) => a - b));
    expect(buyerOffers[0]).toBe(100);
  });

  it('fails with max_rounds when the ranges never meet, after exactly maxRounds offers', async () => {
    const { store, buyers } = await setUpSeller(seller(160));
    const outcome = await negotiate({
      messenger: buyers,
      store,
      initiator: 'buyer',
      responder: 'seller',
      strategy: buyer(140),
      maxRounds: 7,
      deadlineMs: 10_000,
    });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'max_rounds', round: 7 });
    const events = await collect(store.readStream(negotiationStreamId(outcome.negotiationId)));
    const state = foldNegotiation<number>(events);
    expect(state?.offers).toHaveLength(7);
    expect(state?.outcome).toEqual(outcome);
    expect(events.at(-1)?.type).toBe('negotiation.failed');
  });

  it('fails with deadline when the other side does not answer in time', async () => {
    const clock = new ManualClock();
    const setup = inMemorySetup(clock);
    await setup.messenger().listen('seller', () => hang());
    const talks = negotiate({
      messenger: setup.messenger(),
      store: setup.store,
      clock,
      initiator: 'buyer',
      responder: 'seller',
      strategy: buyer(180),
      maxRounds: 10,
      deadlineMs: 5_000,
    });
    await waitFor(() => clock.pendingSleepers === 1, { message: 'the offer to wait' });
    clock.advance(5_000);
    const outcome = await talks;
    expect(outcome).toMatchObject({ status: 'failed', reason: 'deadline', round: 1 });
    expect((await readNegotiation(setup.store, outcome.negotiationId))?.status).toBe('failed');
  });

  it('fails with rejected when a side walks away', async () => {
    const { store, buyers } = await setUpSeller({ ...seller(130), decide: () => 'reject' });
    const outcome = await negotiate({
      messenger: buyers,
      store,
      initiator: 'buyer',
      responder: 'seller',
      strategy: buyer(180),
      maxRounds: 10,
      deadlineMs: 10_000,
    });
    expect(outcome).toMatchObject({ status: 'failed', reason: 'rejected', round: 1 });
  });

  it('fails with error, carrying the code, when the other side throws', async () => {
    const { store, messenger } = inMemorySetup();
    await messenger().listen('seller', () => {
      throw new AgenticFlowError('SELLER_CLOSED', 'the shop is closed');
    });
    const outcome = await negotiate({
      messenger: messenger(),
      store,
      initiator: 'buyer',
      responder: 'seller',
      strategy: buyer(180),
      maxRounds: 10,
      deadlineMs: 10_000,
    });
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'error',
      error: { code: 'SELLER_CLOSED' },
    });
  });

  it('refuses a negotiation id already used, and bad options listing every problem', async () => {
    const { store, buyers } = await setUpSeller(seller(130));
    const options = {
      messenger: buyers,
      store,
      initiator: 'buyer',
      responder: 'seller',
      strategy: buyer(180),
      maxRounds: 4,
      deadlineMs: 10_000,
      negotiationId: 'n-1',
    };
    await negotiate(options);
    await expectRejectedCode(negotiate(options), 'EXPECTED_VERSION_CONFLICT');
    const error = await expectRejectedCode(
      negotiate({ ...options, responder: 'a b', maxRounds: 0, deadlineMs: 1.5 }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('"a b" is not an agent id');
    expect(error.message).toContain('maxRounds: 0 must be a whole number of at least 1');
    expect(error.message).toContain('deadlineMs: 1.5 must be a whole number');
  });
});
