import { hasErrorCode } from '@agenticflow/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Model, ModelStreamPart } from '../../src/models/model.js';
import { ADD_TOOL, collect, HELLO, VARIANTS } from './support/adapter-fixtures.js';
import {
  type ChatCompletionsServer,
  startChatCompletionsServer,
  waitFor,
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
  beforeAll(async () => {
    model = await variant.create(server);
  });

  it('streams text deltas as they arrive, then a finish part with the whole response', async () => {
    server.reply({
      text: ['Hel', 'lo ', 'world'],
      usage: { prompt_tokens: 7, completion_tokens: 4 },
      pauseAfter: 1,
    });
    const iterator = model.stream(HELLO)[Symbol.asyncIterator]();
    // The server holds the rest back until the first delta has reached the caller.
    expect((await iterator.next()).value).toEqual({ type: 'text-delta', text: 'Hel' });
    server.release();
    const rest: ModelStreamPart[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      rest.push(next.value);
    }
    expect(rest).toEqual([
      { type: 'text-delta', text: 'lo ' },
      { type: 'text-delta', text: 'world' },
      {
        type: 'finish',
        response: {
          text: 'Hello world',
          toolCalls: [],
          finishReason: 'stop',
          usage: { inputTokens: 7, outputTokens: 4 },
          modelId: spec(),
        },
      },
    ]);
    expect(server.requests[0]!.body.stream).toBe(true);
  });

  it('streams a tool call whose arguments arrive in fragments', async () => {
    server.reply({
      toolCalls: [{ id: 'call_s', name: 'add', arguments: ['{"a":', '4,"b"', ':5}'] }],
      usage: { prompt_tokens: 9, completion_tokens: 6 },
    });
    const parts = await collect(
      model.stream({ messages: [{ role: 'user', content: 'add 4 and 5' }], tools: [ADD_TOOL] }),
    );
    const call = { id: 'call_s', name: 'add', arguments: { a: 4, b: 5 } };
    expect(parts).toEqual([
      { type: 'tool-call', call },
      {
        type: 'finish',
        response: {
          text: '',
          toolCalls: [call],
          finishReason: 'tool-calls',
          usage: { inputTokens: 9, outputTokens: 6 },
          modelId: spec(),
        },
      },
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('streams structured output and parses it at the end', async () => {
    server.reply({ text: ['{"city":', '"Oslo"}'] });
    const parts = await collect(
      model.stream({
        messages: [{ role: 'user', content: 'city?' }],
        output: { schema: { type: 'object', properties: { city: { type: 'string' } } } },
      }),
    );
    const finish = parts.at(-1);
    expect(finish?.type === 'finish' && finish.response.object).toEqual({ city: 'Oslo' });
  });

  it('turns HTTP 429 into a retryable MODEL_CALL_FAILED with status and message', async () => {
    server.reply({ kind: 'error', status: 429, message: 'Rate limit reached for test-model' });
    const error = await model.generate(HELLO).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'MODEL_CALL_FAILED')).toBe(true);
    expect(error).toMatchObject({
      retryable: true,
      details: {
        modelId: spec(),
        status: 429,
        providerMessage: 'Rate limit reached for test-model',
      },
    });
    expect((error as Error).message).toContain('Rate limit reached for test-model');
    // No retries by the SDK: the caller's policy decides.
    expect(server.requests).toHaveLength(1);
  });

  it('turns HTTP 400 into a non-retryable MODEL_CALL_FAILED with the message, also when streaming', async () => {
    server.reply(
      { kind: 'error', status: 400, message: 'Invalid schema for function add' },
      { kind: 'error', status: 400, message: 'Invalid schema for function add' },
    );
    const error = await model.generate(HELLO).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'MODEL_CALL_FAILED',
      retryable: false,
      details: { status: 400, providerMessage: 'Invalid schema for function add' },
    });
    const streamed = await collect(model.stream(HELLO)).catch((caught: unknown) => caught);
    expect(streamed).toMatchObject({ code: 'MODEL_CALL_FAILED', retryable: false });
  });

  it('rejects with ABORTED when aborted in the middle of a stream', async () => {
    server.reply({ text: ['one ', 'two ', 'three'], pauseAfter: 1 });
    const disconnectsBefore = server.disconnects();
    const controller = new AbortController();
    const seen: ModelStreamPart[] = [];
    const error = await (async () => {
      for await (const part of model.stream(HELLO, { signal: controller.signal })) {
        seen.push(part);
        controller.abort(new Error('user pressed stop'));
      }
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual([{ type: 'text-delta', text: 'one ' }]);
    expect(hasErrorCode(error, 'ABORTED')).toBe(true);
    // The HTTP request itself was cancelled, not just left to finish unread.
    await waitFor(() => server.disconnects() > disconnectsBefore);
    server.release();
  });

  it('rejects with ABORTED without calling the provider when the signal already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await model
      .generate(HELLO, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'ABORTED')).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});
