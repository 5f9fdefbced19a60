import {
  describeUnlessSkipped,
  testServiceUrls,
  uniqueToken,
  unreachableReason,
} from '@agenticflow/conformance';
import { collect, type EventBus, type EventStore } from '@agenticflow/core';
import { expectRejectedCode, waitFor } from '@agenticflow/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type AgentMessage,
  type AgentMessenger,
  type AgentTopics,
  ConversationEventTypes,
  createAgentMessenger,
  createAgentTopics,
  lowestCost,
  negotiate,
  readAuction,
  readNegotiation,
  runAuction,
  secondPrice,
} from '../../src/interaction/index.js';
import { type FixtureProcess, startFixture } from '../support/child-process.js';
import { priceStrategy } from './fixtures/price-strategy.js';
import { type Backends, openBus, openStore } from './support/backends.js';
import { cleanUp } from './support/clean-up.js';

const agentsProcess = new URL('./fixtures/agents-process.ts', import.meta.url);

for (const busKind of ['redis', 'nats'] as const) {
  const busUrl = busKind === 'nats' ? testServiceUrls.nats : testServiceUrls.redis;
  const skip =
    (await unreachableReason(testServiceUrls.postgres)) ?? (await unreachableReason(busUrl));

  describeUnlessSkipped(
    `interaction patterns across processes on PostgreSQL with ${busKind}`,
    skip,
    () => {
      const backends: Backends = {
        postgresUrl: testServiceUrls.postgres,
        schema: uniqueToken('af_interaction_').toLowerCase(),
        bus: busKind,
        busUrl,
        busPrefix: uniqueToken(busKind === 'nats' ? 'AFINTERACTION' : 'af-interaction-'),
      };
      let children: FixtureProcess[] = [];
      let store: EventStore;
      let bus: EventBus;
      let messenger: AgentMessenger;
      let topics: AgentTopics;

      beforeAll(async () => {
        // The parent opens the store first, so the schema is migrated once before the children.
        store = await openStore(backends);
        bus = await openBus(backends);
        children = [
          startFixture(agentsProcess, backends, 'p1'),
          startFixture(agentsProcess, backends, 'p2'),
        ];
        await Promise.all(children.map((child) => child.line('READY ')));
        messenger = createAgentMessenger({ bus, store });
        topics = createAgentTopics({ bus, store });
      }, 90_000);

      afterAll(async () => {
        await topics?.close();
        await messenger?.close();
        for (const child of children) child.process.kill('SIGTERM');
        await Promise.all(children.map((child) => child.exited));
        await bus?.close();
        await store?.close();
        await cleanUp(backends);
      }, 60_000);

      it('answers each request once, from either process, and records one outcome per request', async () => {
        const replies = await Promise.all(
          Array.from({ length: 40 }, (_, n) =>
            messenger.request<{ by: string; body: number }>(
              { type: 'echo.say', from: 'client', to: 'echo', body: n },
              { timeoutMs: 20_000 },
            ),
          ),
        );
        expect(replies.map((reply) => reply.body.body)).toEqual(
          Array.from({ length: 40 }, (_, n) => n),
        );
        expect(new Set(replies.map((reply) => reply.body.by))).toEqual(new Set(['p1', 'p2']));
        const outcomes = await collect(
          store.readAll({ types: [ConversationEventTypes.responded] }),
        );
        const answered = outcomes.filter((event) =>
          replies.some(
            (reply) => reply.inReplyTo === (event.data as { requestId: string }).requestId,
          ),
        );
        expect(answered).toHaveLength(40);
      });

      it('carries a typed error from the other process back to the requester', async () => {
        const error = await expectRejectedCode(
          messenger.request({ type: 'echo.say', from: 'client', to: 'echo', body: 'fail' }),
          'REMOTE_REFUSED',
        );
        expect(error.message).toMatch(/echo in p[12] refuses "fail"/);
        expect(error.details.label).toMatch(/^p[12]$/);
      });

      it('times out a request the other process never answers', async () => {
        const error = await expectRejectedCode(
          messenger.request(
            { type: 'sleep.now', from: 'client', to: 'sleeper', body: null },
            { timeoutMs: 300 },
          ),
          'TIMEOUT',
        );
        expect(error.message).toContain('agent sleeper');
      });

      it('delivers topic messages once to an agent hosted in both processes', async () => {
        const seen: AgentMessage[] = [];
        const listener = await messenger.listen('observer', (message) => {
          seen.push(message);
          return undefined;
        });
        try {
          const published = [];
          for (const n of [1, 2, 3])
            published.push(
              await topics.publish({
                topic: 'news.local',
                type: 'news.posted',
                from: 'press',
                body: n,
              }),
            );
          await waitFor(() => seen.length >= 3, { timeoutMs: 20_000, message: 'three news seen' });
          const ids = seen.map((message) => (message.body as { id: string }).id);
          expect(ids.sort()).toEqual(published.map((message) => message.id).sort());
        } finally {
          await listener.close();
        }
      });

      it('negotiates with a seller in another process until both accept', async () => {
        const outcome = await negotiate({
          messenger,
          store,
          initiator: 'buyer',
          responder: 'seller',
          strategy: priceStrategy('buyer', 180),
          maxRounds: 20,
          deadlineMs: 20_000,
        });
        expect(outcome.status).toBe('agreed');
        const state = await readNegotiation<number>(store, outcome.negotiationId);
        expect(state?.outcome).toEqual(outcome);
        const agreed = outcome.status === 'agreed' ? outcome.offer : Number.NaN;
        expect(agreed).toBeGreaterThanOrEqual(130);
        expect(agreed).toBeLessThanOrEqual(180);
        expect(state?.offers.filter((offer) => offer.by === 'seller').length).toBeGreaterThan(0);
      });

      it('fails a negotiation that never agrees (max_rounds) or whose deadline passes', async () => {
        const stubborn = await negotiate({
          messenger,
          store,
          initiator: 'buyer',
          responder: 'stubborn-seller',
          strategy: priceStrategy('buyer', 150),
          maxRounds: 6,
          deadlineMs: 20_000,
        });
        expect(stubborn).toMatchObject({ status: 'failed', reason: 'max_rounds', round: 6 });
        const silent = await negotiate({
          messenger,
          store,
          initiator: 'buyer',
          responder: 'sleeper',
          strategy: priceStrategy('buyer', 150),
          maxRounds: 6,
          deadlineMs: 400,
        });
        expect(silent).toMatchObject({ status: 'failed', reason: 'deadline', round: 1 });
        expect((await readNegotiation(store, silent.negotiationId))?.status).toBe('failed');
      });

      it('runs a second-price auction and re-awards when the winner rejects', async () => {
        const result = await runAuction({
          messenger,
          store,
          auctioneer: 'dispatcher',
          bidders: ['bidder-a', 'bidder-b', 'bidder-c', 'bidder-d'],
          task: { deliver: 'parcel-1' },
          biddingMs: 15_000,
          award: secondPrice({ best: 'lowest' }),
        });
        // b asks least (30) but rejects; c (40) gets it, paid the next ask after it (50).
        expect(result).toMatchObject({
          winner: 'bidder-c',
          price: 50,
          awardedTo: ['bidder-b', 'bidder-c'],
        });
        expect(result.result).toMatchObject({ by: 'bidder-c', paid: 50 });
        const state = await readAuction(store, result.auctionId);
        expect(state?.status).toBe('completed');
        expect(
          state?.awards.map((award) => [award.bidder, award.status, award.error?.code]),
        ).toEqual([
          ['bidder-b', 'failed', 'AWARD_REJECTED'],
          ['bidder-c', 'completed', undefined],
        ]);
        expect(state?.declined).toEqual([{ bidder: 'bidder-d', reason: 'declined' }]);
      });

      it('fails an auction clearly when no bidder bids', async () => {
        const error = await expectRejectedCode(
          runAuction({
            messenger,
            store,
            auctioneer: 'dispatcher',
            bidders: ['bidder-d', 'sleeper'],
            task: 'nothing',
            biddingMs: 500,
            award: lowestCost(),
          }),
          'AUCTION_FAILED',
        );
        expect(error.details.reason).toBe('no_bids');
        const state = await readAuction(store, error.details.auctionId as string);
        expect(state?.declined).toEqual(
          expect.arrayContaining([
            { bidder: 'bidder-d', reason: 'declined' },
            { bidder: 'sleeper', reason: 'no_answer' },
          ]),
        );
      });
    },
  );
}
