import { ConfigurationError } from '@agenticflow/core';
import type { Model } from '../model.js';
import { type AiSdkLanguageModel, AiSdkModel } from './ai-sdk-model.js';
import { loadAi, loadPackage } from './load-package.js';
import { type ModelProvider, type ModelSpec, parseModelSpec } from './parse-model-spec.js';

/** Options of {@link createModel}. */
export interface CreateModelOptions {
  /**
   * The API key. @defaultValue the provider's environment variable: `OPENAI_API_KEY`,
   * `ANTHROPIC_API_KEY`, `GOOGLE_GENERATIVE_AI_API_KEY`, or for `openai-compatible` the optional
   * `OPENAI_COMPATIBLE_API_KEY`
   */
  readonly apiKey?: string;
  /**
   * The base URL of a hosted provider's API, for a proxy or a local stand-in. Ignored by
   * `openai-compatible`, whose spec holds the URL.
   * @defaultValue `OPENAI_BASE_URL` or `ANTHROPIC_BASE_URL` when set, else the provider's
   */
  readonly baseURL?: string;
  /** Where API keys and base URLs are read from. @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra HTTP headers sent with every call. @defaultValue none */
  readonly headers?: Readonly<Record<string, string>>;
  /** How often the AI SDK retries a failed call itself. @defaultValue 0 */
  readonly maxRetries?: number;
}

interface ProviderFacts {
  readonly packageName: string;
  readonly apiKeyVariable: string;
  readonly apiKeyRequired: boolean;
  readonly baseURLVariable?: string;
}

const PROVIDERS: Record<ModelProvider, ProviderFacts> = {
  openai: {
    packageName: '@ai-sdk/openai',
    apiKeyVariable: 'OPENAI_API_KEY',
    apiKeyRequired: true,
    baseURLVariable: 'OPENAI_BASE_URL',
  },
  anthropic: {
    packageName: '@ai-sdk/anthropic',
    apiKeyVariable: 'ANTHROPIC_API_KEY',
    apiKeyRequired: true,
    baseURLVariable: 'ANTHROPIC_BASE_URL',
  },
  google: {
    packageName: '@ai-sdk/google',
    apiKeyVariable: 'GOOGLE_GENERATIVE_AI_API_KEY',
    apiKeyRequired: true,
  },
  'openai-compatible': {
    packageName: '@ai-sdk/openai-compatible',
    apiKeyVariable: 'OPENAI_COMPATIBLE_API_KEY',
    apiKeyRequired: false,
  },
};

/**
 * Creates a {@link Model} from a spec string, through the Vercel AI SDK. The `ai` package and the
 * provider's package are loaded now, on first use, never when `@agenticflow/agents` is imported.
 *
 * Specs: `openai:<model>`, `anthropic:<model>`, `google:<model>`,
 * `openai-compatible:<base URL>#<model>`. The model's id is the spec. `openai:` models use the
 * Chat Completions API (`openai.chat(…)`), which OpenAI and every OpenAI stand-in serve.
 *
 * @throws ConfigurationError when the spec is malformed, the provider's package is not installed,
 * or a hosted provider has no API key.
 *
 * @example
 * ```ts
 * const model = await createModel('openai:gpt-4o-mini'); // reads OPENAI_API_KEY
 * const local = await createModel('openai-compatible:http://127.0.0.1:11434/v1#llama3.2');
 * const answer = await model.generate({ messages: [{ role: 'user', content: 'Hello' }] });
 * ```
 */
export async function createModel(spec: string, options: CreateModelOptions = {}): Promise<Model> {
  const parsed = parseModelSpec(spec);
  const facts = PROVIDERS[parsed.provider];
  const env = options.env ?? process.env;
  const apiKey = options.apiKey ?? nonEmpty(env[facts.apiKeyVariable]);
  if (apiKey === undefined && facts.apiKeyRequired) {
    throw new ConfigurationError(
      `model ${spec} needs an API key: set the ${facts.apiKeyVariable} environment variable, or pass options.apiKey`,
      { details: { spec, variable: facts.apiKeyVariable } },
    );
  }
  const baseURL =
    options.baseURL ??
    (facts.baseURLVariable !== undefined ? nonEmpty(env[facts.baseURLVariable]) : undefined);
  const neededBy = `model ${spec}`;
  // Fail now, not on the first call, when `ai` itself is missing.
  await loadAi(neededBy);
  const languageModel = await createLanguageModel(parsed, {
    neededBy,
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(baseURL !== undefined ? { baseURL } : {}),
    ...(options.headers !== undefined ? { headers: { ...options.headers } } : {}),
  });
  return new AiSdkModel({
    languageModel,
    id: spec,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  });
}

/**
 * Wraps an AI SDK language model the caller built into a {@link Model}, for providers and settings
 * {@link createModel} does not cover.
 *
 * @example
 * ```ts
 * import { createMistral } from '@ai-sdk/mistral';
 * const model = modelFromLanguageModel(createMistral()('mistral-large-latest'), 'mistral:large');
 * ```
 */
export function modelFromLanguageModel(
  languageModel: AiSdkLanguageModel,
  id: string,
  options: { readonly maxRetries?: number } = {},
): Model {
  return new AiSdkModel({ languageModel, id, ...options });
}

interface ProviderSettings {
  readonly neededBy: string;
  readonly apiKey?: string;
  readonly baseURL?: string;
  readonly headers?: Record<string, string>;
}

async function createLanguageModel(
  spec: ModelSpec,
  { neededBy, ...settings }: ProviderSettings,
): Promise<AiSdkLanguageModel> {
  switch (spec.provider) {
    case 'openai': {
      const { createOpenAI } = await loadPackage(
        '@ai-sdk/openai',
        () => import('@ai-sdk/openai'),
        neededBy,
      );
      // Chat Completions, not the Responses API (the package's default): OpenAI serves both, and
      // proxies and local stand-ins reached through a base URL mostly serve only this one.
      return createOpenAI(settings).chat(spec.modelName);
    }
    case 'anthropic': {
      const { createAnthropic } = await loadPackage(
        '@ai-sdk/anthropic',
        () => import('@ai-sdk/anthropic'),
        neededBy,
      );
      return createAnthropic(settings).languageModel(spec.modelName);
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await loadPackage(
        '@ai-sdk/google',
        () => import('@ai-sdk/google'),
        neededBy,
      );
      return createGoogleGenerativeAI(settings).languageModel(spec.modelName);
    }
    case 'openai-compatible': {
      const { createOpenAICompatible } = await loadPackage(
        '@ai-sdk/openai-compatible',
        () => import('@ai-sdk/openai-compatible'),
        neededBy,
      );
      return createOpenAICompatible({
        name: 'openai-compatible',
        // parseModelSpec guarantees a base URL for this provider.
        baseURL: spec.baseURL ?? '',
        ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {}),
        ...(settings.headers !== undefined ? { headers: settings.headers } : {}),
        // Usage in streamed answers, and response_format with the JSON schema for structured
        // output (Ollama, vLLM, LM Studio and llama.cpp's server accept it).
        includeUsage: true,
        supportsStructuredOutputs: true,
      }).chatModel(spec.modelName);
    }
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}
