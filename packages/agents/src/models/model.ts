import type { JsonValue } from '@agenticflow/core';

/**
 * The model layer: one small interface every provider is adapted to. Requests and responses are
 * plain JSON so that each call can be recorded as events in a run and replayed from the log.
 */

/** A JSON object (a JSON Schema, tool arguments, structured output). */
export type JsonObject = { readonly [key: string]: JsonValue };

/** A tool call the model asked for. */
export interface ModelToolCall {
  /** The provider's id of this call; tool results answer it by this id. */
  readonly id: string;
  /** The tool's name, as the model wrote it (it may name a tool that does not exist). */
  readonly name: string;
  /**
   * The arguments: parsed JSON when the model wrote valid JSON, else the raw text it wrote. They are
   * not checked against the tool's schema here: the caller does that.
   */
  readonly arguments: JsonValue;
}

/** One message of a conversation with a model. */
export type ModelMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string }
  | {
      readonly role: 'assistant';
      readonly content: string;
      /** The tool calls of this turn, answered by the `tool` messages that follow. */
      readonly toolCalls?: readonly ModelToolCall[];
    }
  | {
      readonly role: 'tool';
      /** The {@link ModelToolCall.id} this result answers. */
      readonly toolCallId: string;
      readonly toolName: string;
      /** The result as text (JSON results are serialized by the caller). */
      readonly content: string;
      /** True when the call failed and `content` describes the error. */
      readonly isError?: boolean;
    };

/** A tool the model may call. */
export interface ModelToolDefinition {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the tool's input (an object schema). */
  readonly inputSchema: JsonObject;
}

/** What the model is asked. */
export interface ModelRequest {
  readonly messages: readonly ModelMessage[];
  /** Tools the model may call. @defaultValue none */
  readonly tools?: readonly ModelToolDefinition[];
  /** Whether the model may, must or must not call a tool. @defaultValue `'auto'` when tools are given */
  readonly toolChoice?: 'auto' | 'none' | 'required';
  /**
   * Structured output: the model answers with JSON matching this JSON Schema, returned as
   * {@link ModelResponse.object}.
   */
  readonly output?: { readonly schema: JsonObject; readonly name?: string };
  /** Upper bound of tokens the model may write. @defaultValue the provider's */
  readonly maxOutputTokens?: number;
  /** Sampling temperature. @defaultValue the provider's */
  readonly temperature?: number;
}

/** Why the model stopped writing. */
export type ModelFinishReason =
  | 'stop'
  | 'tool-calls'
  | 'length'
  | 'content-filter'
  | 'error'
  | 'other';

/** Tokens a call consumed. */
export interface ModelUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** What the model answered. */
export interface ModelResponse {
  /** The text it wrote ('' when it only called tools). */
  readonly text: string;
  /** The tools it asked to call, in order. */
  readonly toolCalls: readonly ModelToolCall[];
  /** The parsed structured output, when the request asked for one. */
  readonly object?: JsonValue;
  readonly finishReason: ModelFinishReason;
  readonly usage: ModelUsage;
  /** The model that answered, such as `openai:gpt-4o-mini`. */
  readonly modelId: string;
}

/** One part of a streamed answer. The last part is always `finish`, with the whole response. */
export type ModelStreamPart =
  | { readonly type: 'text-delta'; readonly text: string }
  | { readonly type: 'tool-call'; readonly call: ModelToolCall }
  | { readonly type: 'finish'; readonly response: ModelResponse };

/** Options of one call. */
export interface ModelCallOptions {
  /** Aborts the call: it rejects with an `ABORTED` error. */
  readonly signal?: AbortSignal;
}

/**
 * A language model. Adapters: {@link createModel} (any Vercel AI SDK provider, chosen by a string),
 * {@link ScriptedModel} (tests and demos).
 */
export interface Model {
  /** Provider and model, such as `openai:gpt-4o-mini` or `scripted:planner`. */
  readonly id: string;
  /** Asks the model and waits for the whole answer. */
  generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResponse>;
  /** Asks the model and yields its answer as it is written, ending with a `finish` part. */
  stream(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamPart>;
}
