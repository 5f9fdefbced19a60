export * from './ai-sdk/index.js';
export type {
  JsonObject,
  Model,
  ModelCallOptions,
  ModelFinishReason,
  ModelMessage,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
  ModelToolCall,
  ModelToolDefinition,
  ModelUsage,
} from './model.js';
export { ModelScriptExhaustedError } from './model-errors.js';
export * from './record-replay/index.js';
export {
  type ScriptedAnswer,
  type ScriptedAnswerFunction,
  ScriptedModel,
  type ScriptedModelOptions,
} from './scripted-model.js';
