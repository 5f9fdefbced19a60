import type { JsonValue } from '@agenticflow/core';
import type {
  ModelMessage as AiModelMessage,
  LanguageModelUsage,
  ToolSet,
  TypedToolCall,
} from 'ai';
import type { ModelMessage, ModelRequest, ModelToolCall, ModelUsage } from '../model.js';
import type { AiModule } from './load-package.js';

/** The settings `generateText` and `streamText` share, built from a {@link ModelRequest}. */
export interface AiSdkCallSettings {
  readonly messages: AiModelMessage[];
  readonly tools?: ToolSet;
  readonly toolChoice?: 'auto' | 'none' | 'required';
  readonly output?: ReturnType<AiModule['Output']['object']>;
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
}

/** Maps a request to AI SDK call settings. Tools get no `execute`: the SDK never runs them. */
export function toAiSdkCall(ai: AiModule, request: ModelRequest): AiSdkCallSettings {
  const tools = request.tools ?? [];
  return {
    messages: request.messages.map(toAiSdkMessage),
    ...(tools.length > 0
      ? {
          tools: Object.fromEntries(
            tools.map((tool) => [
              tool.name,
              { description: tool.description, inputSchema: ai.jsonSchema(tool.inputSchema) },
            ]),
          ),
        }
      : {}),
    ...(request.toolChoice !== undefined ? { toolChoice: request.toolChoice } : {}),
    ...(request.output !== undefined
      ? {
          output: ai.Output.object({
            schema: ai.jsonSchema<JsonValue>(request.output.schema),
            ...(request.output.name !== undefined ? { name: request.output.name } : {}),
          }),
        }
      : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
  };
}

function toAiSdkMessage(message: ModelMessage): AiModelMessage {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: [
          ...(message.content.length > 0 ? [{ type: 'text' as const, text: message.content }] : []),
          ...calls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.name,
            input: call.arguments,
          })),
        ],
      };
    }
    case 'tool':
      return {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: message.toolCallId,
            toolName: message.toolName,
            output: message.isError
              ? { type: 'error-text', value: message.content }
              : { type: 'text', value: message.content },
          },
        ],
      };
  }
}

/**
 * Maps a tool call the SDK parsed. When the model wrote arguments that are not JSON, the SDK
 * marks the call `invalid` and keeps the raw text as `input`, which becomes the arguments.
 */
export function fromAiSdkToolCall(call: TypedToolCall<ToolSet>): ModelToolCall {
  return { id: call.toolCallId, name: call.toolName, arguments: toJsonValue(call.input) };
}

/** Token counts, 0 for those the provider did not report. */
export function fromAiSdkUsage(usage: LanguageModelUsage | undefined): ModelUsage {
  return { inputTokens: usage?.inputTokens ?? 0, outputTokens: usage?.outputTokens ?? 0 };
}

function toJsonValue(value: unknown): JsonValue {
  // Parsed JSON is already a JsonValue; `undefined` (no input at all) becomes an empty object.
  return value === undefined ? {} : (value as JsonValue);
}
