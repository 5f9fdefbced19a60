import type { AgenticEvent, EventMetadata, EventStore } from '@agenticflow/core';
import type { Tool, ToolExecutor, ToolRegistry } from '@agenticflow/tools';
import type { ThreadMemory } from '../memory/thread-memory.js';
import type { Model } from '../models/model.js';
import type { LlmUsage } from './llm-events.js';

/** Price of one token, in any currency: the cost budget is counted in it. */
export interface ModelPricing {
  /** Price of one input (prompt) token. */
  readonly inputTokenPrice: number;
  /** Price of one output (completion) token. */
  readonly outputTokenPrice: number;
}

/** Budgets of one run; going over any of them fails the run with `BUDGET_EXCEEDED`. */
export interface LlmAgentLimits {
  /** Model turns: a run that still calls tools after this many fails. @defaultValue 10 */
  readonly maxSteps?: number;
  /** Input plus output tokens over all model calls. @defaultValue unlimited */
  readonly maxTokens?: number;
  /** Cost over all model calls, priced by `pricing` (required with it). @defaultValue unlimited */
  readonly maxCost?: number;
  /** How the cost is counted. Without it, usage reports no cost. */
  readonly pricing?: ModelPricing;
  /**
   * Wall time of one `run` call in milliseconds (a resumed run counts from its resumption); an
   * ongoing model or tool call is aborted when it runs out. @defaultValue unlimited
   */
  readonly maxDurationMs?: number;
}

/** Conversation history kept in a thread of {@link ThreadMemory}. */
export interface LlmAgentMemory {
  readonly threads: ThreadMemory;
  readonly threadId: string;
  /** How many of the latest messages are given to the model. @defaultValue 20 */
  readonly lastMessages?: number;
}

/** Options of {@link createLlmAgent}. */
export interface LlmAgentOptions {
  /** The agent's name: the actor of its events and the caller id its grants are checked for. */
  readonly name: string;
  /** The system prompt. */
  readonly instructions: string;
  readonly model: Model;
  /** The tools the model may call, or a registry of them. @defaultValue none */
  readonly tools?: readonly Tool[] | ToolRegistry;
  /**
   * Runs the tool calls; its registry is the agent's tools (then `tools` must be absent).
   * @defaultValue an executor over `tools` with default options
   */
  readonly executor?: ToolExecutor;
  /**
   * What the agent may do (`domain:action[:resource]` globs, see `@agenticflow/tools`): a tool
   * whose permissions these do not cover is denied by the executor. @defaultValue none
   */
  readonly grants?: readonly string[];
  /** Thread memory: its latest messages precede the input; the exchange is appended after. */
  readonly memory?: LlmAgentMemory;
  readonly limits?: LlmAgentLimits;
  /** Largest tool result the model sees, in UTF-8 bytes; longer ones are cut with a marker. @defaultValue 16_384 */
  readonly maxToolResultBytes?: number;
  /** Sampling temperature passed to the model. @defaultValue the model's */
  readonly temperature?: number;
  /** Output token cap of each model call. @defaultValue the model's */
  readonly maxOutputTokens?: number;
}

/** One part of a streamed run. */
export type LlmRunPart =
  | { readonly type: 'text-delta'; readonly step: number; readonly text: string }
  | { readonly type: 'event'; readonly event: AgenticEvent };

/** Options of {@link LlmAgent.run}. */
export interface LlmRunOptions {
  /** Where the run's stream `run-<runId>` is kept. */
  readonly store: EventStore;
  /**
   * The run's id. Pass the id of an earlier run to resume it: what its log holds is served from
   * the log (no model call, no tool run) and the run continues from there. @defaultValue a new UUIDv7
   */
  readonly runId?: string;
  /** Aborts the run: it is recorded as cancelled and rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
  /** Each text delta the model writes, as it is written (live calls; a served answer comes as one delta). */
  readonly onText?: (text: string, step: number) => void;
  /**
   * Each event of the run's stream, in order, as the run passes it: recorded ones on a resume,
   * new ones once appended. A listener that throws fails the run.
   */
  readonly onEvent?: (event: AgenticEvent) => void | Promise<void>;
  /** Metadata of the events the run appends (correlation id, tenant, trace context). */
  readonly metadata?: EventMetadata;
}

/** Options of {@link LlmAgent.replay}. */
export interface LlmReplayOptions {
  readonly store: EventStore;
  readonly runId: string;
  readonly signal?: AbortSignal;
  readonly onText?: (text: string, step: number) => void;
  readonly onEvent?: (event: AgenticEvent) => void | Promise<void>;
}

/** How a run ended without failing. */
export interface LlmRunResult {
  readonly runId: string;
  readonly streamId: string;
  /** `suspended`: a tool call waits for approval; run again with the same `runId` once decided. */
  readonly status: 'completed' | 'suspended';
  /** The final answer (`''` when suspended). */
  readonly text: string;
  /** Model turns taken. */
  readonly steps: number;
  readonly usage: LlmUsage;
  /** The pending approval, when suspended. */
  readonly pendingApproval?: {
    readonly callId: string;
    readonly tool: string;
    readonly argsHash: string;
  };
  /** Model calls served from the log rather than made. */
  readonly servedModelCalls: number;
  /** Model calls made by this call of `run`. */
  readonly liveModelCalls: number;
}
