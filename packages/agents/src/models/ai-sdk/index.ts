// The Vercel AI SDK adapter. Nothing here imports `ai` or a provider package at load time.
export { type AiSdkLanguageModel, AiSdkModel, type AiSdkModelOptions } from './ai-sdk-model.js';
export { type CreateModelOptions, createModel, modelFromLanguageModel } from './create-model.js';
export {
  ModelCallFailedError,
  type ModelCallFailure,
  ModelOutputInvalidError,
} from './model-call-failed-error.js';
export { type ModelProvider, type ModelSpec, parseModelSpec } from './parse-model-spec.js';
