import type { JsonValue } from '@agenticflow/core';
import {
  issueLines,
  json,
  literal,
  nonEmptyString,
  number,
  object,
  runCheck,
  type ValueCheck,
  variants,
} from '../validation/value-check.js';
import { ProtocolViolationError } from './interaction-errors.js';
import type { NegotiationMove } from './negotiation-strategy.js';

/** Message type of an offer sent to the responding side. */
export const NEGOTIATION_OFFER_TYPE = 'negotiation.offer';

/** The body of a `negotiation.offer` request. */
export interface NegotiationOfferBody {
  readonly [key: string]: JsonValue;
  readonly negotiationId: string;
  readonly round: number;
  readonly maxRounds: number;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Epoch ms. */
  readonly deadline: number;
  readonly offer: JsonValue;
}

const offerBody = object({
  negotiationId: nonEmptyString,
  round: number({ integer: true, min: 1 }),
  maxRounds: number({ integer: true, min: 1 }),
  startedAt: number(),
  deadline: number(),
  offer: json,
});

const move: ValueCheck<NegotiationMove> = variants<NegotiationMove>('decision', {
  accept: object({ decision: literal('accept') }),
  counter: object({ decision: literal('counter'), offer: json, utility: number() }),
  reject: object({ decision: literal('reject') }),
  decline: object({ decision: literal('decline') }),
});

/** Reads an offer body; throws `PROTOCOL_VIOLATION` when it is not one. */
export function parseOfferBody(body: JsonValue, from: string): NegotiationOfferBody {
  const result = runCheck(offerBody, body);
  if (result.ok) return result.value;
  throw new ProtocolViolationError(
    `${from} sent a negotiation.offer whose body is not { negotiationId, round, maxRounds, startedAt, deadline, offer }: start negotiations with negotiate()`,
    { details: { issues: issueLines(result.issues) } },
  );
}

/** Reads the other side's move; throws `PROTOCOL_VIOLATION` when it is not one. */
export function parseMove(body: JsonValue, from: string): NegotiationMove {
  const result = runCheck(move, body);
  if (result.ok) return result.value;
  throw new ProtocolViolationError(
    `${from} answered a negotiation.offer with ${JSON.stringify(body).slice(0, 200)}, not a move ({ decision: 'accept' | 'counter' | 'reject' | 'decline' }): answer with negotiationResponder()`,
  );
}
