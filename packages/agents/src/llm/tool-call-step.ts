import {
  type AgenticEvent,
  type AgenticFlowError,
  isAgenticFlowError,
  type ValidationIssue,
} from '@agenticflow/core';
import type { ModelMessage, ModelToolCall } from '../models/model.js';
import { NonDeterministicReplayError } from '../models/record-replay/non-deterministic-replay-error.js';
import { InvalidToolArgumentsError } from './llm-errors.js';
import {
  LlmRunSuspended,
  type LlmRunSuspendedData,
  LlmToolResult,
  type LlmToolResultData,
  LlmToolResultTruncated,
} from './llm-events.js';
import type { RunContext } from './run-context.js';
import { truncateText } from './truncate-text.js';

/** The end of one tool call: a message for the model, or a wait for an approval. */
export type ToolCallOutcome =
  | { readonly kind: 'result'; readonly message: ModelMessage }
  | { readonly kind: 'suspended'; readonly data: LlmRunSuspendedData };

type LiveOutcome =
  | { readonly kind: 'result'; readonly data: Omit<LlmToolResultData, 'step' | 'callId' | 'tool'> }
  | { readonly kind: 'suspended'; readonly argsHash: string };

/**
 * Resolves one tool call of step `step`: from the log when it holds the call's result (the tool
 * is not run again), else through the tool executor (validation, grants, approvals, time limit),
 * recording `llm.tool_result` (and `llm.tool_result_truncated`).
 */
export async function runToolCall(
  context: RunContext,
  step: number,
  call: ModelToolCall,
): Promise<ToolCallOutcome> {
  const { journal } = context;
  const where = { streamId: journal.streamId, step };
  let next = journal.peek();
  if (next && LlmRunSuspended.is(next) && next.data.callId === call.id) {
    const suspended = next;
    await journal.serveNext();
    next = journal.peek();
    if (next === undefined && journal.mode === 'replay') {
      return { kind: 'suspended', data: suspended.data };
    }
  }
  if (next && isResultOf(next, call.id)) {
    let served = await journal.serveNext();
    if (LlmToolResultTruncated.is(served)) served = await journal.serveNext();
    if (!LlmToolResult.is(served) || served.data.callId !== call.id) {
      throw new NonDeterministicReplayError({
        ...where,
        version: served.version,
        recorded: served.type,
        actual: `${LlmToolResult.type} of call ${call.id}`,
      });
    }
    return resultOf(context, served.data);
  }
  journal.assertLive(`tool call ${call.name} (${call.id})`, where);

  const live = await callTool(context, call);
  const base = { step, callId: call.id, tool: call.name };
  if (live.kind === 'suspended') {
    const data: LlmRunSuspendedData = { ...base, argsHash: live.argsHash, reason: 'approval' };
    await journal.append([LlmRunSuspended.create(data, options(context))]);
    return { kind: 'suspended', data };
  }
  const capped = truncateText(live.data.content, context.maxToolResultBytes);
  const events = [];
  if (capped.truncated) {
    events.push(
      LlmToolResultTruncated.create(
        { ...base, bytes: capped.bytes, limit: context.maxToolResultBytes },
        options(context),
      ),
    );
  }
  const data: LlmToolResultData = { ...base, ...live.data, content: capped.text };
  events.push(LlmToolResult.create(data, options(context)));
  await journal.append(events);
  return resultOf(context, data);
}

function isResultOf(event: AgenticEvent, callId: string): boolean {
  return (
    (LlmToolResult.is(event) || LlmToolResultTruncated.is(event)) && event.data.callId === callId
  );
}

function options(context: RunContext) {
  return context.metadata
    ? { metadata: { ...context.metadata, actor: context.agent } }
    : { metadata: { actor: context.agent } };
}

/** The tool message for `data`, applying the one-repair rule to invalid arguments. */
function resultOf(context: RunContext, data: LlmToolResultData): ToolCallOutcome {
  const key = context.executor.registry.get(data.tool)?.name ?? data.tool;
  if (data.outcome === 'invalid_arguments') {
    if (context.invalidTools.has(key)) {
      throw new InvalidToolArgumentsError(key, data.callId, data.issues ?? []);
    }
    context.invalidTools.add(key);
  } else {
    context.invalidTools.delete(key);
  }
  return {
    kind: 'result',
    message: {
      role: 'tool',
      toolCallId: data.callId,
      toolName: data.tool,
      content: data.content,
      ...(data.outcome === 'ok' ? {} : { isError: true }),
    },
  };
}

async function callTool(context: RunContext, call: ModelToolCall): Promise<LiveOutcome> {
  const registry = context.executor.registry;
  if (!registry.get(call.name)) {
    const available = registry.modelTools().map((tool) => tool.name);
    return failure(
      'unknown_tool',
      `Error: there is no tool named ${JSON.stringify(call.name)}; it was not run. Available tools: ${available.join(', ') || '(none)'}. Call one of these, or answer without a tool.`,
    );
  }
  const store = context.journal.guardedStore();
  try {
    const result = await context.executor.execute(call.name, call.arguments, {
      caller: { id: context.agent, grants: context.grants },
      store,
      streamId: context.journal.streamId,
      signal: context.signal,
      callId: call.id,
      idempotencyKey: `${context.runId}/${call.id}`,
      ...(context.metadata ? { metadata: context.metadata } : {}),
    });
    return { kind: 'result', data: { outcome: 'ok', content: result.content } };
  } catch (error) {
    if (store.failure !== undefined) throw store.failure;
    if (!isAgenticFlowError(error)) throw error;
    if (error.code === 'ABORTED' && context.signal.aborted) throw error;
    return describeFailure(call.name, error);
  }
}

function describeFailure(tool: string, error: AgenticFlowError): LiveOutcome {
  const details = error.details;
  if (error.code === 'APPROVAL_REQUIRED') {
    return { kind: 'suspended', argsHash: String(details.argsHash ?? '') };
  }
  if (error.code === 'VALIDATION_FAILED' && details.phase === 'validation') {
    const issues = ((details.issues ?? []) as ValidationIssue[]).map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    return {
      kind: 'result',
      data: {
        outcome: 'invalid_arguments',
        content: `Error: invalid arguments for tool ${tool}; it was not run. ${issues.join('; ')}. Fix the arguments and call ${tool} again: this is the only retry allowed.`,
        issues,
      },
    };
  }
  if (error.code === 'PERMISSION_DENIED') {
    const missing = Array.isArray(details.missing) ? details.missing.join(', ') : 'unknown';
    return failure(
      'denied',
      `Error: permission denied; tool ${tool} was not run: this agent lacks the grants ${missing}. Do not call it again; continue without it.`,
    );
  }
  return failure('error', `Error: tool ${tool} failed (${error.code}): ${error.message}`);
}

function failure(outcome: 'error' | 'denied' | 'unknown_tool', content: string): LiveOutcome {
  return { kind: 'result', data: { outcome, content } };
}
