import { hasErrorCode } from '@agenticflow/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Model } from '../../src/models/model.js';
import { ADD_TOOL, HELLO, VARIANTS } from './support/adapter-fixtures.js';
import {
  type ChatCompletionsServer,
  startChatCompletionsServer,
} from './support/chat-completions-server.js';

let server: ChatCompletionsServer;
beforeAll(async () => {
  server = await startChatCompletionsServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe.each(VARIANTS)('AiSdkModel through $provider', (variant) => {
  let model: Model;
  const spec = () => variant.spec(server);
  const modelName = variant.modelName;
  beforeAll(async () => {
    model = await variant.create(server);
  });

  it('answers with text, usage and finish reason, in one request', async () => {
    server.reply({ text: 'Hello there.', usage: { prompt_tokens: 11, completion_tokens: 3 } });
    const response = await model.generate({ ...HELLO, temperature: 0.2, maxOutputTokens: 50 });
    expect(response).toEqual({
      text: 'Hello there.',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 11, outputTokens: 3 },
      modelId: spec(),
    });
    expect(model.id).toBe(spec());
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    expect(body.model).toBe(modelName);
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello' },
    ]);
    expect(body.temperature).toBe(0.2);
    expect(body.max_tokens).toBe(50);
    expect(body.tools).toBeUndefined();
  });

  it('reports 0 tokens when the provider sends no usage', async () => {
    server.reply({ text: 'ok' });
    const response = await model.generate(HELLO);
    expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
  });

  it('sends tools as JSON Schema with the tool choice and returns the parsed tool call', async () => {
    server.reply({ toolCalls: [{ id: 'call_1', name: 'add', arguments: '{"a":1,"b":2}' }] });
    const response = await model.generate({
      messages: [{ role: 'user', content: 'What is 1 + 2?' }],
      tools: [ADD_TOOL],
      toolChoice: 'required',
    });
    expect(response.toolCalls).toEqual([{ id: 'call_1', name: 'add', arguments: { a: 1, b: 2 } }]);
    expect(response.finishReason).toBe('tool-calls');
    expect(response.text).toBe('');
    // The SDK must not run the tool nor ask again.
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]!.body;
    expect(body.tool_choice).toBe('required');
    expect(body.tools).toMatchObject([
      {
        type: 'function',
        function: {
          name: 'add',
          description: 'Adds two numbers',
          parameters: { type: 'object', properties: ADD_TOOL.inputSchema.properties },
        },
      },
    ]);
  });

  it('sends the assistant tool calls and the tool results of earlier turns', async () => {
    server.reply({ text: 'The sum is 3.' });
    await model.generate({
      messages: [
        { role: 'user', content: 'Add 1 and 2, then divide by 0' },
        {
          role: 'assistant',
          content: 'Working on it.',
          toolCalls: [
            { id: 'call_1', name: 'add', arguments: { a: 1, b: 2 } },
            { id: 'call_2', name: 'divide', arguments: { a: 3, b: 0 } },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', toolName: 'add', content: '3' },
        {
          role: 'tool',
          toolCallId: 'call_2',
          toolName: 'divide',
          content: 'division by zero',
          isError: true,
        },
      ],
      tools: [ADD_TOOL],
    });
    const messages = server.requests[0]!.body.messages as Array<Record<string, unknown>>;
    expect(messages[1]).toMatchObject({
      role: 'assistant',
      content: 'Working on it.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":1,"b":2}' } },
        {
          id: 'call_2',
          type: 'function',
          function: { name: 'divide', arguments: '{"a":3,"b":0}' },
        },
      ],
    });
    expect(messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'call_1', content: '3' },
      { role: 'tool', tool_call_id: 'call_2', content: 'division by zero' },
    ]);
  });

  it('keeps the raw text of tool arguments that are not valid JSON', async () => {
    server.reply({ toolCalls: [{ id: 'call_9', name: 'add', arguments: '{"a":1,' }] });
    const response = await model.generate({
      messages: [{ role: 'user', content: 'add' }],
      tools: [ADD_TOOL],
    });
    expect(response.toolCalls).toEqual([{ id: 'call_9', name: 'add', arguments: '{"a":1,' }]);
    expect(server.requests).toHaveLength(1);
  });

  it('asks for structured output with the JSON schema and returns the parsed object', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'number' } },
      required: ['city', 'days'],
      additionalProperties: false,
    };
    server.reply({ text: '{"city":"Lyon","days":3}' });
    const response = await model.generate({
      messages: [{ role: 'user', content: 'Plan a trip' }],
      output: { schema, name: 'trip' },
    });
    expect(response.object).toEqual({ city: 'Lyon', days: 3 });
    expect(server.requests[0]!.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'trip', schema: { type: 'object', properties: schema.properties } },
    });
  });

  it('rejects structured output that is not JSON with a retryable MODEL_OUTPUT_INVALID', async () => {
    server.reply({ text: 'Sorry, no JSON today' });
    const error = await model
      .generate({
        messages: [{ role: 'user', content: 'x' }],
        output: { schema: { type: 'object' } },
      })
      .catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'MODEL_OUTPUT_INVALID')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
    expect((error as { details: { text: string } }).details.text).toBe('Sorry, no JSON today');
  });
});
