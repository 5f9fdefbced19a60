import type { AppendResult, EventMetadata, EventStore } from '@agenticflow/core';
import { ConfigurationError, ValidationError } from '@agenticflow/core';
import { ToolApproved, ToolRejected } from '../events/tool-events.js';
import { argumentsHash } from '../util/canonical-json.js';

/** Options of {@link approveToolCall} and {@link rejectToolCall}. */
export interface ToolCallDecision {
  /** The stream the executor records the call on (the run's stream). */
  readonly streamId: string;
  /** The tool's full name. */
  readonly tool: string;
  /** The exact arguments decided on; or give `argsHash` (from the `APPROVAL_REQUIRED` error). */
  readonly input?: unknown;
  /** The hash from `ApprovalRequiredError.argsHash` or a `tool.approval_requested` event. */
  readonly argsHash?: string;
  /** Who decides: recorded as the event's actor. */
  readonly by: string;
  readonly reason?: string;
  /** Extra metadata for the decision event (correlation id, tenant). */
  readonly metadata?: EventMetadata;
}

/**
 * Records that `by` approves calls of `tool` with exactly these arguments on `streamId`. The same
 * call then goes through; any other arguments still need their own approval.
 *
 * @example
 * ```ts
 * try { await executor.execute('payments.refund', args, context); }
 * catch (error) {
 *   if (ApprovalRequiredError.is(error)) {
 *     await approveToolCall(store, { streamId, tool: error.toolName, argsHash: error.argsHash, by: 'alice' });
 *   }
 * }
 * ```
 */
export function approveToolCall(
  store: EventStore,
  decision: ToolCallDecision,
): Promise<AppendResult> {
  return decide(store, decision, 'approved');
}

/** Records that `by` rejects calls of `tool` with exactly these arguments; they fail with `APPROVAL_REJECTED`. */
export function rejectToolCall(
  store: EventStore,
  decision: ToolCallDecision,
): Promise<AppendResult> {
  return decide(store, decision, 'rejected');
}

function decide(
  store: EventStore,
  decision: ToolCallDecision,
  outcome: 'approved' | 'rejected',
): Promise<AppendResult> {
  const hasInput = Object.hasOwn(decision, 'input');
  if (hasInput === (decision.argsHash !== undefined)) {
    throw new ConfigurationError(
      `a decision on ${decision.tool} needs exactly one of input or argsHash, got ${hasInput ? 'both' : 'neither'}`,
    );
  }
  const argsHash = decision.argsHash ?? argumentsHash(decision.tool, decision.input);
  if (!/^[0-9a-f]{64}$/.test(argsHash) || typeof decision.by !== 'string' || decision.by === '') {
    throw new ValidationError(`invalid decision on ${decision.tool}`, [
      {
        path: [],
        message:
          'argsHash must be the 64-character hex hash from the approval request, and by must name who decides',
      },
    ]);
  }
  const data = {
    tool: decision.tool,
    argsHash,
    by: decision.by,
    ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
  };
  const metadata = { ...decision.metadata, actor: decision.by };
  const event =
    outcome === 'approved'
      ? ToolApproved.create(data, { metadata })
      : ToolRejected.create(data, { metadata });
  return store.append(decision.streamId, [event]);
}
