import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/** What is known about a failed model call. */
export interface ModelCallFailure {
  readonly modelId: string;
  /** The HTTP status the provider answered with; absent when no answer came (network error). */
  readonly status?: number;
  /** The provider's own description of the failure. */
  readonly providerMessage: string;
  /** Whether the same call may succeed later (429, 408, 5xx and network errors). */
  readonly retryable: boolean;
  /** The URL that was called, when known. */
  readonly url?: string;
  /** The start of the response body, when there was one. */
  readonly responseBody?: string;
}

/**
 * A model provider refused or failed a call (HTTP error, network error, malformed answer).
 * `retryable` is true for rate limits (429), timeouts (408), server errors (5xx) and network
 * errors; `details` holds `modelId`, `status`, `providerMessage`, `url` and `responseBody`.
 */
export class ModelCallFailedError extends AgenticFlowError {
  constructor(failure: ModelCallFailure, options: AgenticFlowErrorOptions = {}) {
    const status = failure.status === undefined ? 'no HTTP status' : `HTTP ${failure.status}`;
    const advice = failure.retryable
      ? 'retry later'
      : 'check the request, the model name and the API key; the same call will fail again';
    super(
      'MODEL_CALL_FAILED',
      `model ${failure.modelId} call failed (${status}): ${failure.providerMessage}: ${advice}`,
      {
        ...options,
        retryable: failure.retryable,
        details: { ...options.details, ...withoutUndefined(failure) },
      },
    );
    this.name = 'ModelCallFailedError';
  }

  static is(value: unknown): value is ModelCallFailedError {
    return hasErrorCode(value, 'MODEL_CALL_FAILED');
  }
}

/**
 * The model was asked for structured output but wrote text that is not JSON. It is retryable:
 * the model may answer differently when asked again. `details.text` holds what it wrote.
 */
export class ModelOutputInvalidError extends AgenticFlowError {
  constructor(
    readonly modelId: string,
    readonly text: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'MODEL_OUTPUT_INVALID',
      `model ${modelId} was asked for JSON output but wrote ${JSON.stringify(truncate(text, 200))}: retry the call, or make the prompt ask for JSON more clearly`,
      { retryable: true, ...options, details: { ...options.details, modelId, text } },
    );
    this.name = 'ModelOutputInvalidError';
  }

  static is(value: unknown): value is ModelOutputInvalidError {
    return hasErrorCode(value, 'MODEL_OUTPUT_INVALID');
  }
}

function withoutUndefined({ retryable: _, ...facts }: ModelCallFailure): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
