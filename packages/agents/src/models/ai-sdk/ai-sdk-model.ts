import { AbortedError, type JsonValue } from '@agenticflow/core';
import type { LanguageModel } from 'ai';
import type {
  Model,
  ModelCallOptions,
  ModelFinishReason,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
  ModelToolCall,
} from '../model.js';
import { type AiModule, loadAi } from './load-package.js';
import { fromAiSdkToolCall, fromAiSdkUsage, toAiSdkCall } from './to-ai-sdk-call.js';
import { toModelError } from './to-model-error.js';

/** A model object built by an AI SDK provider, such as `createOpenAI(…).chat('gpt-4o-mini')`. */
export type AiSdkLanguageModel = Exclude<LanguageModel, string>;

/** Options of {@link AiSdkModel}. */
export interface AiSdkModelOptions {
  /** The model object built by an AI SDK provider. */
  readonly languageModel: AiSdkLanguageModel;
  /** The model's id in AgenticFlow, such as `openai:gpt-4o-mini`. */
  readonly id: string;
  /**
   * How often the AI SDK itself retries a failed call (429, 5xx, network). AgenticFlow reports
   * such failures as retryable errors and lets the caller's retry policy decide.
   * @defaultValue 0
   */
  readonly maxRetries?: number;
}

/**
 * A {@link Model} backed by any Vercel AI SDK language model. Each `generate` or `stream` makes
 * exactly one model call: tools are declared without `execute`, so the SDK never runs them and
 * never loops. The `ai` package is loaded on the first call.
 *
 * @example
 * ```ts
 * import { createAnthropic } from '@ai-sdk/anthropic';
 * const model = new AiSdkModel({
 *   languageModel: createAnthropic({ apiKey })('claude-sonnet-4-5'),
 *   id: 'anthropic:claude-sonnet-4-5',
 * });
 * ```
 */
export class AiSdkModel implements Model {
  readonly id: string;
  private readonly languageModel: AiSdkLanguageModel;
  private readonly maxRetries: number;

  constructor(options: AiSdkModelOptions) {
    this.id = options.id;
    this.languageModel = options.languageModel;
    this.maxRetries = options.maxRetries ?? 0;
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    const ai = await this.start(options.signal);
    const call = toAiSdkCall(ai, request);
    try {
      const result = await ai.generateText({
        ...this.commonSettings(ai, options.signal),
        ...call,
      });
      let object: JsonValue | undefined;
      if (call.output !== undefined) {
        try {
          object = result.output as JsonValue;
        } catch (error) {
          // No output when the model only called tools: the response carries its tool calls.
          if (!ai.NoOutputGeneratedError.isInstance(error)) throw error;
        }
      }
      return {
        text: result.text,
        toolCalls: result.toolCalls.map(fromAiSdkToolCall),
        ...(object !== undefined ? { object } : {}),
        finishReason: result.finishReason,
        usage: fromAiSdkUsage(result.usage),
        modelId: this.id,
      };
    } catch (error) {
      throw toModelError(error, ai, this.id, options.signal);
    }
  }

  async *stream(
    request: ModelRequest,
    options: ModelCallOptions = {},
  ): AsyncIterable<ModelStreamPart> {
    const ai = await this.start(options.signal);
    const call = toAiSdkCall(ai, request);
    const signal = options.signal;
    const result = ai.streamText({
      ...this.commonSettings(ai, signal),
      ...call,
      // Errors arrive as `error` parts, which are thrown below; the default would also log them.
      onError: () => {},
    });
    let text = '';
    const toolCalls: ModelToolCall[] = [];
    let finishReason: ModelFinishReason = 'other';
    let usage = fromAiSdkUsage(undefined);
    try {
      for await (const part of result.fullStream) {
        switch (part.type) {
          case 'text-delta':
            if (part.text.length === 0) break;
            text += part.text;
            yield { type: 'text-delta', text: part.text };
            break;
          case 'tool-call': {
            const toolCall = fromAiSdkToolCall(part);
            toolCalls.push(toolCall);
            yield { type: 'tool-call', call: toolCall };
            break;
          }
          case 'finish':
            finishReason = part.finishReason;
            usage = fromAiSdkUsage(part.totalUsage);
            break;
          case 'abort':
            throw new AbortedError(`the call to model ${this.id} was aborted`, {
              cause: signal?.reason,
              details: { modelId: this.id },
            });
          case 'error':
            throw part.error;
        }
      }
      if (signal?.aborted) throw signal.reason;
      let object: JsonValue | undefined;
      // The same rule as generateText: a turn that ends in tool calls has no output to parse.
      if (call.output !== undefined && hasOutput(finishReason, text)) {
        object = (await result.output) as JsonValue;
      }
      const response: ModelResponse = {
        text,
        toolCalls,
        ...(object !== undefined ? { object } : {}),
        finishReason,
        usage,
        modelId: this.id,
      };
      yield { type: 'finish', response };
    } catch (error) {
      throw toModelError(error, ai, this.id, signal);
    }
  }

  private async start(signal: AbortSignal | undefined): Promise<AiModule> {
    if (signal?.aborted) {
      throw new AbortedError(`the call to model ${this.id} was aborted`, {
        cause: signal.reason,
        details: { modelId: this.id },
      });
    }
    return loadAi(`model ${this.id}`);
  }

  private commonSettings(ai: AiModule, signal: AbortSignal | undefined) {
    return {
      model: this.languageModel,
      maxRetries: this.maxRetries,
      // One model call per generate: without `execute` the SDK would stop after one step anyway.
      stopWhen: ai.stepCountIs(1),
      // The caller owns the whole conversation, system messages included.
      allowSystemInMessages: true,
      ...(signal !== undefined ? { abortSignal: signal } : {}),
    };
  }
}

function hasOutput(finishReason: ModelFinishReason, text: string): boolean {
  return finishReason === 'stop' || (finishReason !== 'tool-calls' && text.length > 0);
}
