import {
  AgenticFlowError,
  type AgenticFlowErrorOptions,
  hasErrorCode,
  type SerializedError,
} from '@agenticflow/core';

/** A state machine was asked for an event its current state does not accept. Nothing was written. */
export class InvalidTransitionError extends AgenticFlowError {
  constructor(
    readonly machine: string,
    readonly state: string,
    readonly event: string,
    readonly allowedEvents: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    const allowed = allowedEvents.length === 0 ? 'none (it is final)' : allowedEvents.join(', ');
    super(
      'INVALID_TRANSITION',
      `${machine}: event "${event}" is not allowed in state "${state}" (allowed: ${allowed}): send one of the allowed events, or re-read the state if another writer moved it`,
      { ...options, details: { ...options.details, machine, state, event, allowedEvents } },
    );
    this.name = 'InvalidTransitionError';
  }

  static is(value: unknown): value is InvalidTransitionError {
    return hasErrorCode(value, 'INVALID_TRANSITION');
  }
}

/** A transition exists for the event, but its guard refused it. Nothing was written. */
export class TransitionRejectedError extends AgenticFlowError {
  constructor(
    readonly machine: string,
    readonly state: string,
    readonly event: string,
    readonly reason: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'TRANSITION_REJECTED',
      `${machine}: the guard of "${event}" in state "${state}" refused the transition: ${reason}`,
      { ...options, details: { ...options.details, machine, state, event, reason } },
    );
    this.name = 'TransitionRejectedError';
  }

  static is(value: unknown): value is TransitionRejectedError {
    return hasErrorCode(value, 'TRANSITION_REJECTED');
  }
}

/** No agent with this id is hosted here (or known to the registry). */
export class AgentNotFoundError extends AgenticFlowError {
  constructor(
    readonly agentId: string,
    known: readonly string[],
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'AGENT_NOT_FOUND',
      `agent ${JSON.stringify(agentId)} is not hosted by this runtime (hosted: ${known.length === 0 ? 'none' : known.join(', ')}): start it first, or check the id`,
      { ...options, details: { ...options.details, agentId, known } },
    );
    this.name = 'AgentNotFoundError';
  }

  static is(value: unknown): value is AgentNotFoundError {
    return hasErrorCode(value, 'AGENT_NOT_FOUND');
  }
}

/** The runtime already hosts an agent with this id. */
export class AgentAlreadyHostedError extends AgenticFlowError {
  constructor(
    readonly agentId: string,
    status: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'AGENT_ALREADY_HOSTED',
      `agent ${JSON.stringify(agentId)} is already hosted by this runtime (status ${status}): stop it first, or pick another id`,
      { ...options, details: { ...options.details, agentId, status } },
    );
    this.name = 'AgentAlreadyHostedError';
  }

  static is(value: unknown): value is AgentAlreadyHostedError {
    return hasErrorCode(value, 'AGENT_ALREADY_HOSTED');
  }
}

/**
 * A message reached an agent that is not `ready` (stopping, stopped or failed). Retryable: the
 * messenger delivers it again, to this agent once restarted or to another listener of its id.
 */
export class AgentNotReadyError extends AgenticFlowError {
  constructor(
    readonly agentId: string,
    readonly status: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'AGENT_NOT_READY',
      `agent ${agentId} cannot take a message while ${status}: restart it (runtime.restart) or wait for redelivery`,
      { retryable: true, ...options, details: { ...options.details, agentId, status } },
    );
    this.name = 'AgentNotReadyError';
  }

  static is(value: unknown): value is AgentNotReadyError {
    return hasErrorCode(value, 'AGENT_NOT_READY');
  }
}

/**
 * Thrown by an agent's `handle` to say it cannot go on: the runtime records `failed`, stops
 * listening, and the agent stays failed until `runtime.restart(id)`. Any other error only fails the
 * message and the agent stays ready.
 *
 * @example
 * ```ts
 * handle: async (message) => {
 *   if (!apiKey) throw new AgentFatalError('no API key configured');
 * }
 * ```
 */
export class AgentFatalError extends AgenticFlowError {
  constructor(message: string, options: AgenticFlowErrorOptions = {}) {
    super('AGENT_FATAL', message, options);
    this.name = 'AgentFatalError';
  }

  static is(value: unknown): value is AgentFatalError {
    return hasErrorCode(value, 'AGENT_FATAL');
  }
}

/** A failure as stored in lifecycle events: the serialized error, JSON only. */
export type RecordedError = Pick<SerializedError, 'code' | 'message' | 'retryable'>;
