import {
  type Clock,
  describeValue,
  type EventStore,
  hasErrorCode,
  isoFromEpochMs,
  type JsonValue,
  newId,
  serializeError,
  systemClock,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';
import { checkAgentId } from '../agent-id.js';
import type { AgentMessenger } from './agent-messenger.js';
import { checkMessengerAndStore } from './check-outgoing-message.js';
import {
  NegotiationEventTypes,
  type NegotiationFailureReason,
  type NegotiationOutcome,
  negotiationStreamId,
} from './negotiation-events.js';
import {
  NEGOTIATION_OFFER_TYPE,
  type NegotiationOfferBody,
  parseMove,
} from './negotiation-messages.js';
import {
  type NegotiationStrategy,
  type NegotiationTurn,
  negotiationProgress,
  respondToOffer,
} from './negotiation-strategy.js';
import { StreamWriter } from './stream-writer.js';

/** Options of {@link negotiate}. */
export interface NegotiateOptions<Offer extends JsonValue> {
  readonly messenger: AgentMessenger;
  /** Where the negotiation's stream `negotiation-<id>` is written. */
  readonly store: EventStore;
  /** @defaultValue the system clock (use the messenger's clock) */
  readonly clock?: Clock;
  /** @defaultValue a new UUIDv7 */
  readonly negotiationId?: string;
  /** The agent negotiating here (it makes the first offer). */
  readonly initiator: string;
  /** The agent answering through {@link negotiationResponder}, in any process. */
  readonly responder: string;
  /** The initiator's utility, acceptance threshold and concession strategy. */
  readonly strategy: NegotiationStrategy<Offer>;
  /** Most offers, both sides counted (round 1 is the initiator's first offer). */
  readonly maxRounds: number;
  /** Time from now after which the negotiation fails with `deadline`. */
  readonly deadlineMs: number;
}

/**
 * Negotiates with alternating offers: the initiator offers in odd rounds, the responder in even
 * ones, each judging the other's offer with its own utility and threshold and conceding with its
 * own strategy, until one accepts, `maxRounds` offers were made, the deadline passes, or a side
 * walks away. Every step is an event of `negotiation-<id>`; the outcome is the last one.
 *
 * Failing to agree is a normal result, so it resolves with `status: 'failed'` and a reason
 * (`max_rounds`, `deadline`, `rejected`, `error`) rather than rejecting.
 *
 * @example
 * ```ts
 * await listenForNegotiations(sellerMessenger, 'seller', sellerStrategy);
 * const outcome = await negotiate({ messenger, store, initiator: 'buyer', responder: 'seller',
 *   strategy: buyerStrategy, maxRounds: 10, deadlineMs: 5_000 });
 * if (outcome.status === 'agreed') console.log(outcome.offer, 'in round', outcome.round);
 * ```
 */
export async function negotiate<Offer extends JsonValue>(
  options: NegotiateOptions<Offer>,
): Promise<NegotiationOutcome<Offer>> {
  assertNegotiateOptions(options);
  const { messenger, strategy, initiator, responder, maxRounds } = options;
  const clock = options.clock ?? systemClock;
  const negotiationId = options.negotiationId ?? newId();
  const startedAt = clock.now();
  const deadline = startedAt + options.deadlineMs;
  const writer = new StreamWriter(options.store, negotiationStreamId(negotiationId), {
    correlationId: negotiationId,
    actor: initiator,
  });
  const turn = (round: number, theirLastOffer?: Offer): NegotiationTurn<Offer> => ({
    negotiationId,
    round,
    maxRounds,
    deadline,
    progress: negotiationProgress(round, maxRounds, startedAt, deadline, clock.now()),
    ...(theirLastOffer === undefined ? {} : { theirLastOffer }),
  });
  const finish = async (outcome: NegotiationOutcome<Offer>) => {
    const { status, ...data } = outcome;
    const type = status === 'agreed' ? NegotiationEventTypes.agreed : NegotiationEventTypes.failed;
    await writer.append([{ type, data: data as JsonValue }]);
    return outcome;
  };
  const fail = (
    round: number,
    reason: NegotiationFailureReason,
    message: string,
    error?: unknown,
  ) =>
    finish({
      status: 'failed',
      negotiationId,
      reason,
      round,
      message,
      ...(error === undefined ? {} : { error: serializeError(error) }),
    });

  await writer.append([
    {
      type: NegotiationEventTypes.started,
      data: { negotiationId, initiator, responder, maxRounds, deadline: isoFromEpochMs(deadline) },
    },
  ]);
  let round = 1;
  let offer = strategy.propose(turn(1));
  await writer.append([offered(round, initiator, offer, strategy.utility(offer))]);
  for (;;) {
    const remaining = deadline - clock.now();
    if (remaining <= 0)
      return fail(
        round,
        'deadline',
        `the deadline passed before ${responder} answered round ${round}`,
      );
    const body: NegotiationOfferBody = {
      negotiationId,
      round,
      maxRounds,
      startedAt,
      deadline,
      offer,
    };
    let move: ReturnType<typeof parseMove>;
    try {
      const reply = await messenger.request(
        {
          type: NEGOTIATION_OFFER_TYPE,
          from: initiator,
          to: responder,
          body,
          correlationId: negotiationId,
        },
        { timeoutMs: Math.max(1, Math.ceil(remaining)) },
      );
      move = parseMove(reply.body, responder);
    } catch (error) {
      if (hasErrorCode(error, 'TIMEOUT'))
        return fail(
          round,
          'deadline',
          `${responder} did not answer round ${round} before the deadline`,
        );
      return fail(
        round,
        'error',
        `${responder} failed to answer round ${round}: ${String((error as Error).message)}`,
        error,
      );
    }
    if (move.decision === 'accept')
      return finish({ status: 'agreed', negotiationId, offer, round, acceptedBy: responder });
    if (move.decision === 'reject')
      return fail(round, 'rejected', `${responder} walked away in round ${round}`);
    if (move.decision === 'decline' || round + 1 > maxRounds)
      return fail(round, 'max_rounds', `no agreement within ${maxRounds} rounds`);
    round += 1;
    const theirs = move.offer as Offer;
    await writer.append([offered(round, responder, theirs, move.utility)]);
    if (clock.now() >= deadline)
      return fail(round, 'deadline', `the deadline passed in round ${round}`);
    const mine = respondToOffer(strategy, theirs, turn(round, theirs));
    if (mine.decision === 'accept')
      return finish({
        status: 'agreed',
        negotiationId,
        offer: theirs,
        round,
        acceptedBy: initiator,
      });
    if (mine.decision === 'reject')
      return fail(round, 'rejected', `${initiator} walked away in round ${round}`);
    if (mine.decision === 'decline')
      return fail(round, 'max_rounds', `no agreement within ${maxRounds} rounds`);
    round += 1;
    offer = mine.offer;
    await writer.append([offered(round, initiator, offer, mine.utility)]);
  }
}

function offered(round: number, by: string, offer: JsonValue, utility: number) {
  return { type: NegotiationEventTypes.offered, data: { round, by, offer, utility } };
}

function assertNegotiateOptions(options: NegotiateOptions<JsonValue>): void {
  const issues: ValidationIssue[] = [];
  checkMessengerAndStore(options, issues);
  checkAgentId(options?.initiator, ['initiator'], issues);
  checkAgentId(options?.responder, ['responder'], issues);
  const strategy = options?.strategy;
  if (
    typeof strategy?.utility !== 'function' ||
    typeof strategy.propose !== 'function' ||
    typeof strategy.reservation !== 'number'
  )
    issues.push({
      path: ['strategy'],
      message: 'must be { utility(offer), reservation: number, propose(turn) }',
    });
  if (!(Number.isSafeInteger(options?.maxRounds) && options.maxRounds >= 1))
    issues.push({
      path: ['maxRounds'],
      message: `${describeValue(options?.maxRounds)} must be a whole number of at least 1, such as 10`,
    });
  if (!(Number.isSafeInteger(options?.deadlineMs) && options.deadlineMs >= 1))
    issues.push({
      path: ['deadlineMs'],
      message: `${describeValue(options?.deadlineMs)} must be a whole number of milliseconds above 0, such as 5000`,
    });
  if (issues.length > 0) throw new ValidationError('invalid negotiate options', issues);
}
