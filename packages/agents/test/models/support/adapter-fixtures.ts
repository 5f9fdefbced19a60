// Shared by the AI SDK adapter tests: requests, and the two providers that speak Chat
// Completions to the local server.
import { createModel } from '../../../src/models/ai-sdk/index.js';
import type {
  Model,
  ModelRequest,
  ModelStreamPart,
  ModelToolDefinition,
} from '../../../src/models/model.js';
import type { ChatCompletionsServer } from './chat-completions-server.js';

export const ADD_TOOL: ModelToolDefinition = {
  name: 'add',
  description: 'Adds two numbers',
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
    additionalProperties: false,
  },
};

export const HELLO: ModelRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello' },
  ],
};

export async function collect(parts: AsyncIterable<ModelStreamPart>): Promise<ModelStreamPart[]> {
  const all: ModelStreamPart[] = [];
  for await (const part of parts) all.push(part);
  return all;
}

/** A way to build a model against the local server. */
export interface AdapterVariant {
  readonly provider: string;
  readonly spec: (server: ChatCompletionsServer) => string;
  readonly create: (server: ChatCompletionsServer) => Promise<Model>;
  /** The model name the server receives. */
  readonly modelName: string;
}

export const VARIANTS: readonly AdapterVariant[] = [
  {
    provider: 'openai-compatible',
    spec: (server) => `openai-compatible:${server.baseURL}#test-model`,
    create: (server) => createModel(`openai-compatible:${server.baseURL}#test-model`),
    modelName: 'test-model',
  },
  {
    // The real @ai-sdk/openai package, pointed at the local server (Chat Completions API).
    provider: 'openai',
    spec: () => 'openai:gpt-4o-mini',
    create: (server) =>
      createModel('openai:gpt-4o-mini', { baseURL: server.baseURL, apiKey: 'test', env: {} }),
    modelName: 'gpt-4o-mini',
  },
];
