import type { AgenticEvent, EventStore, JsonValue, SerializedError } from '@agenticflow/core';
import type { ReceivedBid } from './award-strategies.js';
import type { AuctionFailureReason } from './interaction-errors.js';

/** Types of the events of an auction's stream, `auction-<id>`. */
export const AuctionEventTypes = {
  announced: 'auction.announced',
  bidReceived: 'auction.bid-received',
  bidDeclined: 'auction.bid-declined',
  closed: 'auction.closed',
  awarded: 'auction.awarded',
  awardFailed: 'auction.award-failed',
  completed: 'auction.completed',
  failed: 'auction.failed',
} as const;

/** Why an invited bidder did not bid. */
export type DeclineReason = 'declined' | 'no_answer' | 'invalid' | 'error';

/** One offer of the contract to a bidder. */
export interface AuctionAward {
  readonly bidder: string;
  readonly price: number;
  /** 1 for the best bid of the ranking, 2 for the next… */
  readonly rank: number;
  readonly status: 'pending' | 'failed' | 'completed';
  readonly error?: SerializedError;
}

/** The state of an auction, folded from its stream. */
export interface AuctionState {
  readonly auctionId: string;
  readonly status: 'bidding' | 'awarding' | 'completed' | 'failed';
  readonly auctioneer: string;
  readonly bidders: readonly string[];
  readonly task: JsonValue;
  /** ISO-8601 UTC. */
  readonly deadline: string;
  readonly strategy: string;
  readonly bids: readonly ReceivedBid[];
  readonly declined: ReadonlyArray<{ readonly bidder: string; readonly reason: DeclineReason }>;
  readonly awards: readonly AuctionAward[];
  readonly winner?: string;
  readonly price?: number;
  readonly result?: JsonValue;
  readonly failure?: { readonly reason: AuctionFailureReason; readonly message: string };
}

/** The stream of an auction. */
export function auctionStreamId(auctionId: string): string {
  return `auction-${auctionId}`;
}

/** Folds an auction's events into its state; `undefined` before `auction.announced`. */
export function foldAuction(events: Iterable<AgenticEvent>): AuctionState | undefined {
  let state: AuctionState | undefined;
  for (const event of events) {
    const data = event.data as Record<string, unknown> & { bidder: string };
    if (event.type === AuctionEventTypes.announced) {
      state = {
        ...(data as unknown as Omit<AuctionState, 'status' | 'bids' | 'declined' | 'awards'>),
        status: 'bidding',
        bids: [],
        declined: [],
        awards: [],
      };
      continue;
    }
    if (!state) continue;
    switch (event.type) {
      case AuctionEventTypes.bidReceived:
        state = { ...state, bids: [...state.bids, data as unknown as ReceivedBid] };
        break;
      case AuctionEventTypes.bidDeclined:
        state = {
          ...state,
          declined: [
            ...state.declined,
            { bidder: data.bidder, reason: data.reason as DeclineReason },
          ],
        };
        break;
      case AuctionEventTypes.closed:
        state = { ...state, status: 'awarding' };
        break;
      case AuctionEventTypes.awarded:
        state = {
          ...state,
          awards: [...state.awards, { ...(data as unknown as AuctionAward), status: 'pending' }],
        };
        break;
      case AuctionEventTypes.awardFailed:
        state = {
          ...state,
          awards: settleLast(state.awards, 'failed', data.error as SerializedError),
        };
        break;
      case AuctionEventTypes.completed:
        state = {
          ...state,
          status: 'completed',
          awards: settleLast(state.awards, 'completed'),
          winner: data.bidder,
          price: data.price as number,
          result: data.result as JsonValue,
        };
        break;
      case AuctionEventTypes.failed:
        state = {
          ...state,
          status: 'failed',
          failure: { reason: data.reason as AuctionFailureReason, message: data.message as string },
        };
        break;
    }
  }
  return state;
}

function settleLast(
  awards: readonly AuctionAward[],
  status: 'failed' | 'completed',
  error?: SerializedError,
): AuctionAward[] {
  const last = awards[awards.length - 1];
  if (!last) return [...awards];
  return [...awards.slice(0, -1), { ...last, status, ...(error ? { error } : {}) }];
}

/** Reads an auction's stream and folds it; `undefined` when it does not exist. */
export async function readAuction(
  store: EventStore,
  auctionId: string,
): Promise<AuctionState | undefined> {
  const events: AgenticEvent[] = [];
  for await (const event of store.readStream(auctionStreamId(auctionId))) events.push(event);
  return foldAuction(events);
}
