import type { EventStore } from '@agenticflow/core';
import { ToolApprovalRequested, ToolApproved, ToolRejected } from '../events/tool-events.js';

/** Where a call with given arguments stands. */
export type ApprovalState =
  | { readonly status: 'none' }
  | { readonly status: 'requested' }
  | { readonly status: 'approved'; readonly by: string; readonly eventId: string }
  | {
      readonly status: 'rejected';
      readonly by: string;
      readonly reason: string | undefined;
      readonly eventId: string;
    };

/**
 * Folds `streamId` for the decision on `tool` with `argsHash`: the latest `tool.approved` or
 * `tool.rejected` wins; a `tool.approval_requested` without a decision is `requested`.
 */
export async function readApprovalState(
  store: EventStore,
  streamId: string,
  tool: string,
  argsHash: string,
): Promise<ApprovalState> {
  let state: ApprovalState = { status: 'none' };
  for await (const event of store.readStream(streamId)) {
    if (ToolApproved.is(event) || ToolRejected.is(event)) {
      const data = event.data;
      if (data.tool !== tool || data.argsHash !== argsHash) continue;
      state = ToolApproved.is(event)
        ? { status: 'approved', by: data.by, eventId: event.id }
        : { status: 'rejected', by: data.by, reason: data.reason, eventId: event.id };
    } else if (ToolApprovalRequested.is(event) && state.status === 'none') {
      if (event.data.tool === tool && event.data.argsHash === argsHash)
        state = { status: 'requested' };
    }
  }
  return state;
}

/** A call waiting for a person's decision. */
export interface PendingApproval {
  readonly callId: string;
  readonly tool: string;
  readonly argsHash: string;
  readonly input: unknown;
  readonly caller: string;
  /** Id of the `tool.approval_requested` event. */
  readonly eventId: string;
  readonly time: string;
}

/**
 * The calls on `streamId` that asked for approval and have no decision yet, oldest first: what an
 * approval inbox or `agenticflow approve` lists.
 */
export async function listPendingApprovals(
  store: EventStore,
  streamId: string,
): Promise<PendingApproval[]> {
  const pending = new Map<string, PendingApproval>();
  for await (const event of store.readStream(streamId)) {
    if (ToolApprovalRequested.is(event)) {
      const key = `${event.data.tool}\u0000${event.data.argsHash}`;
      if (!pending.has(key)) {
        pending.set(key, { ...event.data, eventId: event.id, time: event.time });
      }
    } else if (ToolApproved.is(event) || ToolRejected.is(event)) {
      pending.delete(`${event.data.tool}\u0000${event.data.argsHash}`);
    }
  }
  return [...pending.values()];
}
