import {
  hasErrorCode,
  type JsonValue,
  ValidationError,
  type ValidationIssue,
} from '@agenticflow/core';
import type {
  AgentMessage,
  AgentMessenger,
  AgentRequestOptions,
} from '../interaction/agent-messenger.js';
import {
  type AgentCapability,
  type CapabilityDescriptor,
  capabilityIssues,
  describeCapability,
} from '../registry/capability.js';
import type { AgentState } from './agent-lifecycle.js';
import type { AgentTarget } from './resolve-target.js';

/** A message an agent sends: to an id (`to`) or to the best agent for a capability. */
export type AgentOutgoing<Body extends JsonValue = JsonValue> = AgentTarget & {
  readonly type: string;
  readonly body: Body;
};

/** Given to `handle` with each message. */
export interface AgentContext {
  readonly agentId: string;
  readonly agentType: string;
  /** The agent's persisted state as of this message (status `busy`). */
  readonly state: AgentState;
  /** The messenger the runtime listens through. */
  readonly messenger: AgentMessenger;
  /** Aborted when the delivery is given up; pass it on to the work you do. */
  readonly signal: AbortSignal;
  readonly deliveryAttempt: number;
  /** Sends a one-way message from this agent. */
  send<Body extends JsonValue>(message: AgentOutgoing<Body>): Promise<AgentMessage<Body>>;
  /** Sends a request from this agent and waits for the response. */
  request<Response extends JsonValue = JsonValue>(
    message: AgentOutgoing,
    options?: AgentRequestOptions,
  ): Promise<AgentMessage<Response>>;
}

/** Handles one message: for a request, the resolved value is the response body. */
export type AgentHandler = (
  message: AgentMessage,
  context: AgentContext,
) => JsonValue | undefined | Promise<JsonValue | undefined>;

/** What {@link defineAgent} takes. */
export interface AgentConfig {
  /** Kind of agent, such as `'translator'`; many agents (ids) may share one type. */
  readonly type: string;
  /** What it can do: the registry announces these and the matcher ranks by them. */
  readonly capabilities: readonly AgentCapability[];
  readonly handle: AgentHandler;
  /**
   * Messages it may have queued before the matcher stops choosing it.
   * @defaultValue unbounded
   */
  readonly capacity?: number;
  /**
   * Which handler errors are unrecoverable: the agent goes to `failed` and stops listening.
   * Others fail only the message.
   * @defaultValue errors with code `AGENT_FATAL` (see `AgentFatalError`)
   */
  readonly isFatal?: (error: unknown) => boolean;
}

/** A checked agent definition: start it with `runtime.start(definition, { id })`. */
export interface AgentDefinition extends AgentConfig {
  /** The capabilities in their JSON form. */
  readonly descriptors: readonly CapabilityDescriptor[];
  readonly isFatal: (error: unknown) => boolean;
}

const TYPE = /^[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)*$/;

/**
 * Defines an agent type: what it can do and how it handles a message. Throws `VALIDATION_FAILED`
 * listing every problem of the definition.
 *
 * @example
 * ```ts
 * const translator = defineAgent({
 *   type: 'translator',
 *   capabilities: [{ name: 'translate', version: '1.2.0', input: z.object({ text: z.string() }) }],
 *   handle: async (message, context) => ({ text: await translate(message.body, context.signal) }),
 * });
 * await runtime.start(translator, { id: 'translator-1' });
 * ```
 */
export function defineAgent(config: AgentConfig): AgentDefinition {
  const issues: ValidationIssue[] = [];
  if (typeof config?.type !== 'string' || !TYPE.test(config.type))
    issues.push({
      path: ['type'],
      message: `${JSON.stringify(config?.type)} must be lower case, such as "translator"`,
    });
  if (!Array.isArray(config?.capabilities))
    issues.push({ path: ['capabilities'], message: 'must be an array (empty for id-only agents)' });
  else
    config.capabilities.forEach((capability, index) => {
      issues.push(...capabilityIssues(capability, ['capabilities', index]));
    });
  if (typeof config?.handle !== 'function')
    issues.push({ path: ['handle'], message: 'must be a function (message, context) => response' });
  if (config?.capacity !== undefined && (!Number.isInteger(config.capacity) || config.capacity < 1))
    issues.push({
      path: ['capacity'],
      message: `must be a positive integer, got ${JSON.stringify(config.capacity)}`,
    });
  if (issues.length > 0)
    throw new ValidationError(`invalid agent definition ${JSON.stringify(config?.type)}`, issues);
  return {
    ...config,
    descriptors: config.capabilities.map(describeCapability),
    isFatal: config.isFatal ?? ((error) => hasErrorCode(error, 'AGENT_FATAL')),
  };
}
