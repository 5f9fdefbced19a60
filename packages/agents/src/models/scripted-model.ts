import { AbortedError, type JsonValue } from '@agenticflow/core';
import type {
  Model,
  ModelCallOptions,
  ModelFinishReason,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
  ModelToolCall,
  ModelUsage,
} from './model.js';
import { ModelScriptExhaustedError } from './model-errors.js';

/** One answer of a {@link ScriptedModel}. */
export interface ScriptedAnswer {
  readonly text?: string;
  /** Tool calls; a call without `id` gets `call-<n>`. */
  readonly toolCalls?: ReadonlyArray<Omit<ModelToolCall, 'id'> & { readonly id?: string }>;
  readonly object?: JsonValue;
  /** @defaultValue `'tool-calls'` when there are tool calls, else `'stop'` */
  readonly finishReason?: ModelFinishReason;
  /** @defaultValue a count of words in the request and in the answer */
  readonly usage?: ModelUsage;
}

/** Computes the answer to a request; `index` counts calls from 0. */
export type ScriptedAnswerFunction = (request: ModelRequest, index: number) => ScriptedAnswer;

/** Options of {@link ScriptedModel}. */
export interface ScriptedModelOptions {
  /** Its name: the model id is `scripted:<name>`. @defaultValue `'model'` */
  readonly name?: string;
  /** The answers, in call order, or a function that computes each. */
  readonly answers: readonly ScriptedAnswer[] | ScriptedAnswerFunction;
}

/**
 * A model that answers from a script: for tests and demos that must not call a provider. It keeps
 * every request it was asked in {@link ScriptedModel.requests}.
 *
 * @example
 * ```ts
 * const model = new ScriptedModel({
 *   answers: [
 *     { toolCalls: [{ name: 'add', arguments: { a: 1, b: 2 } }] },
 *     { text: 'The sum is 3.' },
 *   ],
 * });
 * ```
 */
export class ScriptedModel implements Model {
  readonly id: string;
  /** Every request made, in order. */
  readonly requests: ModelRequest[] = [];
  private readonly answers: readonly ScriptedAnswer[] | ScriptedAnswerFunction;

  constructor(options: ScriptedModelOptions) {
    this.id = `scripted:${options.name ?? 'model'}`;
    this.answers = options.answers;
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResponse> {
    throwIfAborted(options.signal);
    return this.answer(request);
  }

  async *stream(
    request: ModelRequest,
    options: ModelCallOptions = {},
  ): AsyncIterable<ModelStreamPart> {
    throwIfAborted(options.signal);
    const response = this.answer(request);
    // Word by word, so that callers see more than one delta.
    for (const piece of response.text.match(/\S+\s*|\s+/g) ?? []) {
      throwIfAborted(options.signal);
      yield { type: 'text-delta', text: piece };
    }
    for (const call of response.toolCalls) yield { type: 'tool-call', call };
    yield { type: 'finish', response };
  }

  private answer(request: ModelRequest): ModelResponse {
    const index = this.requests.length;
    this.requests.push(request);
    const answer = this.pick(request, index);
    const text = answer.text ?? '';
    const toolCalls = (answer.toolCalls ?? []).map((call, position) => ({
      id: call.id ?? `call-${index}-${position}`,
      name: call.name,
      arguments: call.arguments,
    }));
    return {
      text,
      toolCalls,
      ...(answer.object !== undefined ? { object: answer.object } : {}),
      finishReason: answer.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
      usage: answer.usage ?? {
        inputTokens: countWords(request.messages.map((message) => message.content).join(' ')),
        outputTokens: countWords(text) + toolCalls.length,
      },
      modelId: this.id,
    };
  }

  private pick(request: ModelRequest, index: number): ScriptedAnswer {
    if (typeof this.answers === 'function') return this.answers(request, index);
    const answer = this.answers[index];
    if (answer === undefined) throw new ModelScriptExhaustedError(this.id, this.answers.length);
    return answer;
  }
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AbortedError('the model call was aborted', { cause: signal.reason });
}
