import { ConfigurationError } from '@agenticflow/core';
import { ApprovalRejectedError, ApprovalRequiredError } from '../errors/tool-errors.js';
import type { ToolCallContext } from '../executor/tool-call-context.js';
import type { ToolCallRecorder } from '../executor/tool-call-recorder.js';
import type { Tool } from '../tool-types.js';
import { argumentsHash } from '../util/canonical-json.js';
import { readApprovalState } from './approval-state.js';

/** What {@link enforceApproval} needs about the call. */
export interface ApprovalCheck {
  readonly tool: Tool;
  /** The validated input the policy judges. */
  readonly input: unknown;
  /** The arguments as received: what the approval's hash binds. */
  readonly args: unknown;
  readonly callId: string;
  readonly context: ToolCallContext;
  readonly recorder: ToolCallRecorder | undefined;
}

/**
 * Applies the tool's approval policy. When approval is needed, the decision is read from the
 * caller's stream: approved → go on; rejected → `APPROVAL_REJECTED`; none → a
 * `tool.approval_requested` event is recorded (once per argument hash) and `APPROVAL_REQUIRED`
 * thrown. Returns the approval event id, if any.
 */
export async function enforceApproval(check: ApprovalCheck): Promise<string | undefined> {
  const { tool, context } = check;
  const policy = tool.approval;
  if (policy === 'never') return undefined;
  if (policy !== 'always') {
    const needed = await policy(check.input, { caller: context.caller, toolName: tool.name });
    if (!needed) return undefined;
  }
  if (!context.store || !context.streamId || !check.recorder) {
    throw new ConfigurationError(
      `tool ${tool.name} needs approval, which is recorded in an event store: pass store and streamId in the call context`,
      { details: { tool: tool.name } },
    );
  }
  const argsHash = argumentsHash(tool.name, check.args);
  const state = await readApprovalState(context.store, context.streamId, tool.name, argsHash);
  if (state.status === 'approved') return state.eventId;
  if (state.status === 'rejected') {
    throw new ApprovalRejectedError(tool.name, argsHash, state.by, state.reason);
  }
  if (state.status === 'none') {
    await check.recorder.approvalRequested({
      callId: check.callId,
      tool: tool.name,
      argsHash,
      input: check.args,
      caller: context.caller.id,
    });
  }
  throw new ApprovalRequiredError(tool.name, argsHash, context.streamId);
}
