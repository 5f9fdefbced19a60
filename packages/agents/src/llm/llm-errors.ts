import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/** The budgets of an LLM run. */
export type LlmBudget = 'steps' | 'tokens' | 'cost' | 'time';

const ADVICE: Record<LlmBudget, string> = {
  steps: 'raise limits.maxSteps, or give the agent tools and instructions that finish sooner',
  tokens: 'raise limits.maxTokens, or shorten the instructions, memory and tool results',
  cost: 'raise limits.maxCost, or use a cheaper model',
  time: 'raise limits.maxDurationMs, or give slow tools shorter time limits',
};

/** An LLM run went over one of its budgets; the run is recorded as failed. */
export class BudgetExceededError extends AgenticFlowError {
  constructor(
    readonly budget: LlmBudget,
    readonly limit: number,
    readonly used: number,
    runId: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    const unit = { steps: ' steps', tokens: ' tokens', cost: '', time: ' ms' }[budget];
    super(
      'BUDGET_EXCEEDED',
      `run ${runId} went over its ${budget} budget: used ${used}${unit}, limit ${limit}${unit}: ${ADVICE[budget]}`,
      { ...options, details: { ...options.details, runId, budget, limit, used } },
    );
    this.name = 'BudgetExceededError';
  }

  static is(value: unknown): value is BudgetExceededError {
    return hasErrorCode(value, 'BUDGET_EXCEEDED');
  }
}

/**
 * The model sent arguments that break a tool's schema again after being told what was wrong once:
 * each tool gets one repair attempt, then the run fails.
 */
export class InvalidToolArgumentsError extends AgenticFlowError {
  constructor(
    readonly tool: string,
    readonly callId: string,
    readonly issues: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'TOOL_ARGUMENTS_INVALID',
      `the model sent invalid arguments for tool ${tool} twice in a row (call ${callId}: ${issues.join('; ')}); a run allows one repair attempt per call: make the tool's description and schema clearer, or use a stronger model`,
      { ...options, details: { ...options.details, tool, callId, issues } },
    );
    this.name = 'InvalidToolArgumentsError';
  }

  static is(value: unknown): value is InvalidToolArgumentsError {
    return hasErrorCode(value, 'TOOL_ARGUMENTS_INVALID');
  }
}
