import { ConfigurationError } from '@agenticflow/core';
import type { ModelUsage } from '../models/model.js';
import type { LlmAgentLimits, ModelPricing } from './llm-agent-options.js';
import { BudgetExceededError } from './llm-errors.js';
import type { LlmUsage } from './llm-events.js';

const DEFAULT_MAX_STEPS = 10;

/** Counts a run's steps, tokens and cost against its limits. */
export class RunBudget {
  steps = 0;
  private inputTokens = 0;
  private outputTokens = 0;
  private readonly maxSteps: number;

  constructor(
    private readonly limits: LlmAgentLimits,
    private readonly runId: string,
  ) {
    this.maxSteps = limits.maxSteps ?? DEFAULT_MAX_STEPS;
  }

  /** Throws `BUDGET_EXCEEDED` when another step would go over `maxSteps`. */
  beforeStep(): void {
    if (this.steps >= this.maxSteps) {
      throw new BudgetExceededError('steps', this.maxSteps, this.steps + 1, this.runId);
    }
  }

  /** Adds a model call's usage; throws `BUDGET_EXCEEDED` when tokens or cost go over. */
  afterCall(usage: ModelUsage): void {
    this.steps++;
    this.inputTokens += usage.inputTokens;
    this.outputTokens += usage.outputTokens;
    const { maxTokens, maxCost } = this.limits;
    const total = this.inputTokens + this.outputTokens;
    if (maxTokens !== undefined && total > maxTokens) {
      throw new BudgetExceededError('tokens', maxTokens, total, this.runId);
    }
    const cost = this.cost();
    if (maxCost !== undefined && cost !== null && cost > maxCost) {
      throw new BudgetExceededError('cost', maxCost, cost, this.runId);
    }
  }

  usage(): LlmUsage {
    return {
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      totalTokens: this.inputTokens + this.outputTokens,
      cost: this.cost(),
    };
  }

  private cost(): number | null {
    const pricing = this.limits.pricing;
    if (!pricing) return null;
    return (
      this.inputTokens * pricing.inputTokenPrice + this.outputTokens * pricing.outputTokenPrice
    );
  }
}

/** Throws `INVALID_CONFIGURATION` for limits that cannot be applied. */
export function checkLimits(limits: LlmAgentLimits): void {
  const positive = (name: string, value: number | undefined, integer: boolean) => {
    if (value === undefined) return;
    if (!(Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value)))) {
      throw new ConfigurationError(
        `limits.${name} ${String(value)} must be a positive ${integer ? 'integer' : 'number'}`,
      );
    }
  };
  positive('maxSteps', limits.maxSteps, true);
  positive('maxTokens', limits.maxTokens, true);
  positive('maxDurationMs', limits.maxDurationMs, true);
  positive('maxCost', limits.maxCost, false);
  if (limits.maxCost !== undefined && !limits.pricing) {
    throw new ConfigurationError(
      'limits.maxCost needs limits.pricing ({ inputTokenPrice, outputTokenPrice }) to count the cost',
    );
  }
  if (limits.pricing) checkPricing(limits.pricing);
}

function checkPricing(pricing: ModelPricing): void {
  for (const key of ['inputTokenPrice', 'outputTokenPrice'] as const) {
    const value = pricing[key];
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new ConfigurationError(
        `limits.pricing.${key} ${String(value)} must be a number of at least 0`,
      );
    }
  }
}
