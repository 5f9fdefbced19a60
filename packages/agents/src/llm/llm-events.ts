import type { SerializedError } from '@agenticflow/core';
import type { ModelMessage } from '../models/model.js';
import { checkedEvent } from '../validation/define-checked-event.js';
import {
  array,
  nullable,
  number,
  object,
  oneOf,
  optional,
  string,
  unchecked,
} from '../validation/value-check.js';

/** Tokens (and cost, when priced) a run used. */
export interface LlmUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  /** In the currency of `limits.pricing`; `null` without pricing. */
  readonly cost: number | null;
}

/** Data of `llm.run_started`. */
export interface LlmRunStartedData {
  readonly runId: string;
  readonly agent: string;
  readonly modelId: string;
  readonly input: string;
  /** Messages taken from thread memory: a replay uses these instead of reading memory again. */
  readonly context: readonly ModelMessage[];
}

/** How a tool call ended, as the model was told. */
export type LlmToolOutcome = 'ok' | 'error' | 'invalid_arguments' | 'denied' | 'unknown_tool';

/** Data of `llm.tool_result`: what the model was given back for one tool call. */
export interface LlmToolResultData {
  readonly step: number;
  readonly callId: string;
  /** The tool's name as the model wrote it. */
  readonly tool: string;
  readonly outcome: LlmToolOutcome;
  /** The text given to the model (capped, with the truncation marker). */
  readonly content: string;
  /** For `invalid_arguments`: the problems, one per line. */
  readonly issues?: readonly string[];
}

/** Data of `llm.tool_result_truncated`. */
export interface LlmToolResultTruncatedData {
  readonly step: number;
  readonly callId: string;
  readonly tool: string;
  /** UTF-8 bytes of the whole result. */
  readonly bytes: number;
  /** The agent's `maxToolResultBytes`. */
  readonly limit: number;
}

/** Data of `llm.run_suspended`: a tool call waits for a person's approval. */
export interface LlmRunSuspendedData {
  readonly step: number;
  readonly callId: string;
  readonly tool: string;
  readonly argsHash: string;
  readonly reason: 'approval';
}

/** Data of `llm.run_completed`. */
export interface LlmRunCompletedData {
  readonly text: string;
  readonly steps: number;
  readonly usage: LlmUsage;
}

/** Data of `llm.run_failed`. */
export interface LlmRunFailedData {
  readonly error: SerializedError;
  readonly steps: number;
  readonly usage: LlmUsage;
}

/** Data of `llm.run_cancelled`. */
export interface LlmRunCancelledData {
  readonly reason: string;
  readonly steps: number;
  readonly usage: LlmUsage;
}

const step = number({ integer: true, min: 1 });
const count = number({ integer: true, min: 0 });
const usage = object({
  inputTokens: count,
  outputTokens: count,
  totalTokens: count,
  cost: nullable(number({ min: 0 })),
});

/** An LLM run began (type `llm.run_started`). */
export const LlmRunStarted = checkedEvent<'llm.run_started', LlmRunStartedData>(
  'llm.run_started',
  object({
    runId: string,
    agent: string,
    modelId: string,
    input: string,
    context: unchecked<readonly ModelMessage[]>(),
  }),
);

/** A tool call's result was given to the model (type `llm.tool_result`). */
export const LlmToolResult = checkedEvent<'llm.tool_result', LlmToolResultData>(
  'llm.tool_result',
  object({
    step,
    callId: string,
    tool: string,
    outcome: oneOf('ok', 'error', 'invalid_arguments', 'denied', 'unknown_tool'),
    content: string,
    issues: optional(array(string)),
  }),
);

/** A tool result was cut to the agent's limit before the model saw it (type `llm.tool_result_truncated`). */
export const LlmToolResultTruncated = checkedEvent<
  'llm.tool_result_truncated',
  LlmToolResultTruncatedData
>(
  'llm.tool_result_truncated',
  object({ step, callId: string, tool: string, bytes: count, limit: count }),
);

/** The run stopped to wait for an approval (type `llm.run_suspended`). */
export const LlmRunSuspended = checkedEvent<'llm.run_suspended', LlmRunSuspendedData>(
  'llm.run_suspended',
  object({ step, callId: string, tool: string, argsHash: string, reason: oneOf('approval') }),
);

/** The model gave its final answer (type `llm.run_completed`). */
export const LlmRunCompleted = checkedEvent<'llm.run_completed', LlmRunCompletedData>(
  'llm.run_completed',
  object({ text: string, steps: count, usage }),
);

/** The run failed: a budget, twice-invalid arguments, a model error (type `llm.run_failed`). */
export const LlmRunFailed = checkedEvent<'llm.run_failed', LlmRunFailedData>(
  'llm.run_failed',
  object({ error: unchecked<SerializedError>(), steps: count, usage }),
);

/** The run was aborted through its `AbortSignal` (type `llm.run_cancelled`). */
export const LlmRunCancelled = checkedEvent<'llm.run_cancelled', LlmRunCancelledData>(
  'llm.run_cancelled',
  object({ reason: string, steps: count, usage }),
);

/** Every event type an LLM run writes itself (besides the executor's `tool.*` events). */
export const LLM_RUN_EVENT_TYPES: readonly string[] = [
  LlmRunStarted.type,
  'model.requested',
  'model.responded',
  LlmToolResultTruncated.type,
  LlmToolResult.type,
  LlmRunSuspended.type,
  LlmRunCompleted.type,
  LlmRunFailed.type,
  LlmRunCancelled.type,
];

/** The event types that end a run for good. */
export const LLM_RUN_END_TYPES: readonly string[] = [
  LlmRunCompleted.type,
  LlmRunFailed.type,
  LlmRunCancelled.type,
];

/** The stream of an LLM run. */
export function llmRunStreamId(runId: string): string {
  return `run-${runId}`;
}
