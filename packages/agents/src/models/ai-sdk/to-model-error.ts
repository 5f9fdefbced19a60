import { AbortedError, type AgenticFlowError, isAgenticFlowError } from '@agenticflow/core';
import type { AiModule } from './load-package.js';
import { ModelCallFailedError, ModelOutputInvalidError } from './model-call-failed-error.js';

const MAX_BODY = 2000;

/**
 * Turns whatever an AI SDK call threw into an {@link AgenticFlowError}: `ABORTED` when the
 * caller's signal fired, `MODEL_OUTPUT_INVALID` for unparsable structured output, else
 * `MODEL_CALL_FAILED` with the HTTP status and the provider's message.
 */
export function toModelError(
  error: unknown,
  ai: AiModule,
  modelId: string,
  signal: AbortSignal | undefined,
): AgenticFlowError {
  if (signal?.aborted) {
    return new AbortedError(`the call to model ${modelId} was aborted`, {
      cause: signal.reason ?? error,
      details: { modelId },
    });
  }
  if (isAgenticFlowError(error)) return error;
  // With maxRetries > 0 the SDK wraps the last failure.
  const failure = ai.RetryError.isInstance(error) ? error.lastError : error;
  if (ai.NoObjectGeneratedError.isInstance(failure)) {
    return new ModelOutputInvalidError(modelId, failure.text ?? '', { cause: error });
  }
  if (ai.APICallError.isInstance(failure)) {
    const status = failure.statusCode;
    return new ModelCallFailedError(
      {
        modelId,
        ...(status !== undefined ? { status } : {}),
        providerMessage: failure.message,
        retryable: status === undefined ? failure.isRetryable : isRetryableStatus(status),
        url: failure.url,
        ...(failure.responseBody !== undefined
          ? { responseBody: failure.responseBody.slice(0, MAX_BODY) }
          : {}),
      },
      { cause: error },
    );
  }
  return new ModelCallFailedError(
    {
      modelId,
      providerMessage: failure instanceof Error ? failure.message : String(failure),
      retryable: isNetworkError(failure),
    },
    { cause: error },
  );
}

/** 408 (timeout), 429 (rate limit) and 5xx may succeed later; other statuses will not. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed|network/i.test(error.message);
}
