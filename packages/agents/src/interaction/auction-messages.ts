import type { JsonValue } from '@agenticflow/core';
import {
  issueLines,
  json,
  nonEmptyString,
  nullable,
  number,
  object,
  optional,
  runCheck,
  string,
  type ValueCheck,
} from '../validation/value-check.js';
import { ProtocolViolationError } from './interaction-errors.js';

/** Message type of a call for proposals. */
export const CALL_FOR_PROPOSALS_TYPE = 'auction.cfp';
/** Message type of an award. */
export const AWARD_TYPE = 'auction.award';

/** Body of an `auction.cfp` request: what is auctioned, and until when bids are taken. */
export interface CallForProposals {
  readonly [key: string]: JsonValue;
  readonly auctionId: string;
  readonly auctioneer: string;
  readonly task: JsonValue;
  /** ISO-8601 UTC. */
  readonly deadline: string;
}

/** Body of an `auction.award` request: the contract and its price. */
export interface Award {
  readonly [key: string]: JsonValue;
  readonly auctionId: string;
  readonly auctioneer: string;
  readonly task: JsonValue;
  readonly price: number;
}

/** What a bidder answers to a call for proposals: a bid, or `null` to decline. */
export type BidReply = {
  readonly price: number;
  readonly score?: number;
  readonly details?: JsonValue;
} | null;

const cfp = object({
  auctionId: nonEmptyString,
  auctioneer: nonEmptyString,
  task: json,
  deadline: string,
});
const award = object({
  auctionId: nonEmptyString,
  auctioneer: nonEmptyString,
  task: json,
  price: number(),
});
const bid: ValueCheck<BidReply> = nullable(
  object({ price: number(), score: optional(number()), details: optional(json) }),
);

export function parseCallForProposals(body: JsonValue, from: string): CallForProposals {
  return parse(
    cfp,
    body,
    `${from} sent an auction.cfp whose body is not { auctionId, auctioneer, task, deadline }: start auctions with runAuction()`,
  ) as CallForProposals;
}

export function parseAward(body: JsonValue, from: string): Award {
  return parse(
    award,
    body,
    `${from} sent an auction.award whose body is not { auctionId, auctioneer, task, price }: award through runAuction()`,
  ) as Award;
}

export function parseBidReply(body: JsonValue, from: string): BidReply {
  return parse(
    bid,
    body,
    `${from} answered a call for proposals with ${JSON.stringify(body).slice(0, 200)}, not a bid: answer { price, score?, details? } or null to decline`,
  ) as BidReply;
}

function parse(check: ValueCheck<unknown>, body: JsonValue, message: string): unknown {
  const result = runCheck(check, body);
  if (result.ok) return result.value;
  throw new ProtocolViolationError(message, { details: { issues: issueLines(result.issues) } });
}
