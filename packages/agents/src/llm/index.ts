export { createLlmAgent, LlmAgent, type LlmRunStream } from './llm-agent.js';
export type {
  LlmAgentLimits,
  LlmAgentMemory,
  LlmAgentOptions,
  LlmReplayOptions,
  LlmRunOptions,
  LlmRunPart,
  LlmRunResult,
  ModelPricing,
} from './llm-agent-options.js';
export { BudgetExceededError, InvalidToolArgumentsError, type LlmBudget } from './llm-errors.js';
export {
  LLM_RUN_END_TYPES,
  LLM_RUN_EVENT_TYPES,
  LlmRunCancelled,
  type LlmRunCancelledData,
  LlmRunCompleted,
  type LlmRunCompletedData,
  LlmRunFailed,
  type LlmRunFailedData,
  LlmRunStarted,
  type LlmRunStartedData,
  LlmRunSuspended,
  type LlmRunSuspendedData,
  type LlmToolOutcome,
  LlmToolResult,
  type LlmToolResultData,
  LlmToolResultTruncated,
  type LlmToolResultTruncatedData,
  type LlmUsage,
  llmRunStreamId,
} from './llm-events.js';
