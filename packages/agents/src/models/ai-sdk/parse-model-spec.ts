import { ConfigurationError } from '@agenticflow/core';

/** The providers {@link createModel} can build a model for. */
export type ModelProvider = 'openai' | 'anthropic' | 'google' | 'openai-compatible';

/** A model spec string taken apart by {@link parseModelSpec}. */
export interface ModelSpec {
  /** The spec as written, such as `openai:gpt-4o-mini`; it becomes the model's id. */
  readonly spec: string;
  readonly provider: ModelProvider;
  /** The provider's name of the model, such as `gpt-4o-mini` or `llama3.2`. */
  readonly modelName: string;
  /** The base URL written in an `openai-compatible:` spec; absent for the hosted providers. */
  readonly baseURL?: string;
}

const HOSTED: readonly ModelProvider[] = ['openai', 'anthropic', 'google'];

/** The spec forms, as they appear in error messages. */
export const ACCEPTED_MODEL_SPECS =
  'openai:<model>, anthropic:<model>, google:<model>, openai-compatible:<base URL>#<model> (such as openai-compatible:http://127.0.0.1:11434/v1#llama3.2)';

/**
 * Takes a model spec string apart. Accepted forms: `openai:<model>`, `anthropic:<model>`,
 * `google:<model>` and `openai-compatible:<base URL>#<model>`.
 *
 * @throws ConfigurationError when the spec is malformed, saying what is wrong.
 *
 * @example
 * ```ts
 * parseModelSpec('openai-compatible:http://127.0.0.1:11434/v1#llama3.2');
 * // { spec: '…', provider: 'openai-compatible', modelName: 'llama3.2', baseURL: 'http://127.0.0.1:11434/v1' }
 * ```
 */
export function parseModelSpec(spec: string): ModelSpec {
  if (typeof spec !== 'string' || spec.length === 0) {
    throw malformed(spec, 'it is empty');
  }
  if (/\s/.test(spec)) throw malformed(spec, 'it contains whitespace');
  const colon = spec.indexOf(':');
  if (colon <= 0) throw malformed(spec, 'it does not start with a provider and a colon');
  const provider = spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (provider === 'openai-compatible') return parseCompatible(spec, rest);
  if (!(HOSTED as readonly string[]).includes(provider)) {
    throw malformed(spec, `the provider "${provider}" is unknown`);
  }
  if (rest.length === 0) throw malformed(spec, 'the model name after the colon is missing');
  return { spec, provider: provider as ModelProvider, modelName: rest };
}

function parseCompatible(spec: string, rest: string): ModelSpec {
  const hash = rest.indexOf('#');
  if (hash < 0) {
    throw malformed(spec, 'an openai-compatible spec needs "#" and the model name after the URL');
  }
  const baseURL = rest.slice(0, hash);
  const modelName = rest.slice(hash + 1);
  if (modelName.length === 0) throw malformed(spec, 'the model name after "#" is missing');
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw malformed(spec, `the base URL "${baseURL}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw malformed(spec, `the base URL "${baseURL}" is not an http or https URL`);
  }
  return { spec, provider: 'openai-compatible', modelName, baseURL: baseURL.replace(/\/+$/, '') };
}

function malformed(spec: unknown, problem: string): ConfigurationError {
  return new ConfigurationError(
    `model spec ${JSON.stringify(spec)} is not valid: ${problem}; write one of ${ACCEPTED_MODEL_SPECS}`,
    { details: { spec: typeof spec === 'string' ? spec : String(spec), problem } },
  );
}
