import type { AgenticEvent, EventStore, JsonValue, SerializedError } from '@agenticflow/core';

/** Types of the events of a negotiation's stream, `negotiation-<id>`. */
export const NegotiationEventTypes = {
  started: 'negotiation.started',
  offered: 'negotiation.offered',
  agreed: 'negotiation.agreed',
  failed: 'negotiation.failed',
} as const;

/** Why a negotiation ended without agreement. */
export type NegotiationFailureReason = 'max_rounds' | 'deadline' | 'rejected' | 'error';

/** How a negotiation ended. */
export type NegotiationOutcome<Offer extends JsonValue = JsonValue> =
  | {
      readonly status: 'agreed';
      readonly negotiationId: string;
      readonly offer: Offer;
      /** The round whose offer was accepted. */
      readonly round: number;
      readonly acceptedBy: string;
    }
  | {
      readonly status: 'failed';
      readonly negotiationId: string;
      readonly reason: NegotiationFailureReason;
      /** The last round played. */
      readonly round: number;
      readonly message: string;
      /** For `error`: what the other side (or the transport) failed with. */
      readonly error?: SerializedError;
    };

/** One offer made in a negotiation. */
export interface NegotiationOffer<Offer extends JsonValue = JsonValue> {
  readonly round: number;
  readonly by: string;
  readonly offer: Offer;
  /** The proposer's own utility of it. */
  readonly utility: number;
}

/** The state of a negotiation, folded from its stream. */
export interface NegotiationState<Offer extends JsonValue = JsonValue> {
  readonly negotiationId: string;
  readonly status: 'open' | 'agreed' | 'failed';
  readonly initiator: string;
  readonly responder: string;
  readonly maxRounds: number;
  /** ISO-8601 UTC. */
  readonly deadline: string;
  readonly offers: readonly NegotiationOffer<Offer>[];
  readonly outcome?: NegotiationOutcome<Offer>;
}

/** The stream of a negotiation. */
export function negotiationStreamId(negotiationId: string): string {
  return `negotiation-${negotiationId}`;
}

/** Folds a negotiation's events into its state; `undefined` before `negotiation.started`. */
export function foldNegotiation<Offer extends JsonValue = JsonValue>(
  events: Iterable<AgenticEvent>,
): NegotiationState<Offer> | undefined {
  let state: NegotiationState<Offer> | undefined;
  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    if (event.type === NegotiationEventTypes.started) {
      state = {
        ...(data as Omit<NegotiationState<Offer>, 'status' | 'offers'>),
        status: 'open',
        offers: [],
      };
    } else if (!state) {
    } else if (event.type === NegotiationEventTypes.offered) {
      state = { ...state, offers: [...state.offers, data as unknown as NegotiationOffer<Offer>] };
    } else if (event.type === NegotiationEventTypes.agreed) {
      state = {
        ...state,
        status: 'agreed',
        outcome: { status: 'agreed', ...data } as NegotiationOutcome<Offer>,
      };
    } else if (event.type === NegotiationEventTypes.failed) {
      state = {
        ...state,
        status: 'failed',
        outcome: { status: 'failed', ...data } as NegotiationOutcome<Offer>,
      };
    }
  }
  return state;
}

/** Reads a negotiation's stream and folds it; `undefined` when it does not exist. */
export async function readNegotiation<Offer extends JsonValue = JsonValue>(
  store: EventStore,
  negotiationId: string,
): Promise<NegotiationState<Offer> | undefined> {
  const events: AgenticEvent[] = [];
  for await (const event of store.readStream(negotiationStreamId(negotiationId)))
    events.push(event);
  return foldNegotiation<Offer>(events);
}
