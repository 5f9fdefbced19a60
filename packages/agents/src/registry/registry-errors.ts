import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/** A candidate that declares the capability but was turned down, and why. */
export interface RejectedCandidate {
  readonly agentId: string;
  readonly reason: string;
}

/** What was asked of the matcher. */
export interface MatchRequestSummary {
  readonly name: string;
  readonly version?: string;
}

/** No live agent fits the request. Lists what exists and why each near-candidate was rejected. */
export class NoMatchingAgentError extends AgenticFlowError {
  constructor(
    readonly request: MatchRequestSummary,
    readonly available: readonly string[],
    readonly rejected: readonly RejectedCandidate[],
    suggestions: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    const asked = request.version ? `${request.name}@${request.version}` : request.name;
    const why =
      rejected.length === 0
        ? ''
        : `; rejected: ${rejected.map((one) => `${one.agentId} (${one.reason})`).join(', ')}`;
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(' or ')}?` : '';
    super(
      'NO_MATCHING_AGENT',
      `no live agent offers capability ${asked} (available: ${available.length === 0 ? 'none' : available.join(', ')})${why}${hint}: start an agent that offers it, or change the request`,
      {
        retryable: rejected.length > 0,
        ...options,
        details: { ...options.details, request, available, rejected, suggestions },
      },
    );
    this.name = 'NoMatchingAgentError';
  }

  static is(value: unknown): value is NoMatchingAgentError {
    return hasErrorCode(value, 'NO_MATCHING_AGENT');
  }
}
