import { hasErrorCode } from '@agenticflow/core';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createModel,
  modelFromLanguageModel,
  parseModelSpec,
} from '../../src/models/ai-sdk/index.js';
import { loadPackage } from '../../src/models/ai-sdk/load-package.js';
import {
  type ChatCompletionsServer,
  startChatCompletionsServer,
} from './support/chat-completions-server.js';

const HELLO = { messages: [{ role: 'user' as const, content: 'hi' }] };

async function failure(promise: Promise<unknown>): Promise<Error & { details: object }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(hasErrorCode(error, 'INVALID_CONFIGURATION')).toBe(true);
  return error as Error & { details: object };
}

describe('parseModelSpec', () => {
  it('takes the accepted forms apart', () => {
    expect(parseModelSpec('openai:gpt-4o-mini')).toEqual({
      spec: 'openai:gpt-4o-mini',
      provider: 'openai',
      modelName: 'gpt-4o-mini',
    });
    expect(parseModelSpec('google:gemini-2.5-flash').provider).toBe('google');
    expect(parseModelSpec('anthropic:claude-haiku-4-5').modelName).toBe('claude-haiku-4-5');
    expect(parseModelSpec('openai-compatible:http://127.0.0.1:11434/v1/#llama3.2:latest')).toEqual({
      spec: 'openai-compatible:http://127.0.0.1:11434/v1/#llama3.2:latest',
      provider: 'openai-compatible',
      modelName: 'llama3.2:latest',
      baseURL: 'http://127.0.0.1:11434/v1',
    });
  });

  it.each([
    ['', 'it is empty'],
    ['gpt-4o-mini', 'does not start with a provider'],
    ['mistral:large', 'the provider "mistral" is unknown'],
    ['openai:', 'the model name after the colon is missing'],
    ['openai: gpt-4o', 'whitespace'],
    ['openai-compatible:http://127.0.0.1:11434/v1', 'needs "#" and the model name'],
    ['openai-compatible:http://127.0.0.1:11434/v1#', 'the model name after "#" is missing'],
    ['openai-compatible:localhost-11434#llama3.2', 'is not a valid URL'],
    ['openai-compatible:ftp://example.com/v1#llama3.2', 'is not an http or https URL'],
  ])('rejects %j with a ConfigurationError that says %s', async (spec, problem) => {
    const error = await failure(createModel(spec, { env: {} }));
    expect(error.message).toContain(JSON.stringify(spec));
    expect(error.message).toContain(problem);
    expect(error.message).toContain('openai-compatible:<base URL>#<model>');
    expect(error.details).toMatchObject({ spec });
  });
});

describe('createModel', () => {
  let server: ChatCompletionsServer;
  beforeAll(async () => {
    server = await startChatCompletionsServer();
  });
  afterAll(() => server.close());

  it.each([
    ['openai:gpt-4o-mini', 'OPENAI_API_KEY'],
    ['anthropic:claude-haiku-4-5', 'ANTHROPIC_API_KEY'],
    ['google:gemini-2.5-flash', 'GOOGLE_GENERATIVE_AI_API_KEY'],
  ])('rejects %s without an API key, naming %s', async (spec, variable) => {
    const error = await failure(createModel(spec, { env: { [variable]: '' } }));
    expect(error.message).toContain(variable);
    expect(error.message).toContain(spec);
    expect(error.details).toEqual({ spec, variable });
  });

  it.each([
    ['anthropic:claude-haiku-4-5', 'ANTHROPIC_API_KEY'],
    ['google:gemini-2.5-flash', 'GOOGLE_GENERATIVE_AI_API_KEY'],
  ])('builds %s when %s is set', async (spec, variable) => {
    const model = await createModel(spec, { env: { [variable]: 'key' } });
    expect(model.id).toBe(spec);
  });

  it('reads the OpenAI key and base URL from the environment', async () => {
    const model = await createModel('openai:gpt-4o-mini', {
      env: { OPENAI_API_KEY: 'from-env', OPENAI_BASE_URL: server.baseURL },
    });
    server.reply({ text: 'hello' });
    expect((await model.generate(HELLO)).text).toBe('hello');
    expect(server.requests.at(-1)).toMatchObject({
      path: '/v1/chat/completions',
      authorization: 'Bearer from-env',
    });
  });

  it('prefers options.apiKey to the environment and sends OPENAI_COMPATIBLE_API_KEY when set', async () => {
    const spec = `openai-compatible:${server.baseURL}#test-model`;
    server.reply({ text: 'a' }, { text: 'b' });
    await (await createModel(spec, { env: { OPENAI_COMPATIBLE_API_KEY: 'env-key' } })).generate(
      HELLO,
    );
    expect(server.requests.at(-1)?.authorization).toBe('Bearer env-key');
    await (
      await createModel(spec, {
        apiKey: 'option-key',
        env: { OPENAI_COMPATIBLE_API_KEY: 'env-key' },
      })
    ).generate(HELLO);
    expect(server.requests.at(-1)?.authorization).toBe('Bearer option-key');
  });

  it('needs no API key for an openai-compatible server', async () => {
    const model = await createModel(`openai-compatible:${server.baseURL}#test-model`, { env: {} });
    server.reply({ text: 'local' });
    expect((await model.generate(HELLO)).text).toBe('local');
    expect(server.requests.at(-1)?.authorization).toBeUndefined();
  });

  it('reports a network failure as a retryable MODEL_CALL_FAILED without status', async () => {
    const closed = await startChatCompletionsServer();
    const model = await createModel(`openai-compatible:${closed.baseURL}#test-model`);
    await closed.close();
    const error = await model.generate(HELLO).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MODEL_CALL_FAILED', retryable: true });
    expect((error as { details: object }).details).not.toHaveProperty('status');
  });
});

describe('modelFromLanguageModel', () => {
  it('wraps a language model the caller built, under the given id', async () => {
    const server = await startChatCompletionsServer();
    try {
      const provider = createOpenAICompatible({ name: 'mine', baseURL: server.baseURL });
      const model = modelFromLanguageModel(provider.chatModel('custom'), 'mine:custom');
      server.reply({ text: 'wrapped' });
      const response = await model.generate(HELLO);
      expect(response).toMatchObject({ text: 'wrapped', modelId: 'mine:custom' });
      expect(model.id).toBe('mine:custom');
      expect(server.requests[0]?.body.model).toBe('custom');
    } finally {
      await server.close();
    }
  });
});

describe('loading a provider package', () => {
  it('names the package to install when it is missing', async () => {
    const missing = '@ai-sdk/not-installed-anywhere';
    const error = await failure(
      loadPackage(missing, () => import(/* @vite-ignore */ missing), 'model x:y'),
    );
    expect(error.message).toContain(`needs the package ${missing}, which is not installed`);
    expect(error.message).toContain(`npm install ${missing}`);
    expect(error.details).toEqual({ package: missing, neededBy: 'model x:y' });
  });

  it('says the package failed to load when it is there but broken', async () => {
    const broken = async () => {
      throw new SyntaxError('Unexpected token');
    };
    const error = await failure(loadPackage('@ai-sdk/openai', broken, 'model openai:x'));
    expect(error.message).toContain('@ai-sdk/openai, which failed to load (Unexpected token)');
  });
});
