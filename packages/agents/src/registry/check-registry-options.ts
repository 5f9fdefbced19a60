import {
  assertTopicPattern,
  type Clock,
  ConfigurationError,
  type EventBus,
  type EventStore,
  newId,
} from '@agenticflow/core';
import type { AgentRegistryOptions } from './agent-registry.js';

/** {@link AgentRegistryOptions} with defaults filled in and checked. */
export interface ResolvedRegistryOptions {
  readonly bus: EventBus;
  readonly store: EventStore | undefined;
  readonly auditStreamId: string;
  readonly clock: Clock | undefined;
  readonly instanceId: string;
  readonly heartbeatIntervalMs: number;
  readonly ttlMs: number;
  readonly topicPrefix: string;
  readonly onError: (error: unknown, what: string) => void;
}

/** Fills in defaults; throws `INVALID_CONFIGURATION` naming the bad option and what to do. */
export function checkRegistryOptions(options: AgentRegistryOptions): ResolvedRegistryOptions {
  if (typeof options?.bus?.publish !== 'function')
    throw new ConfigurationError('createAgentRegistry needs `bus`: pass an EventBus');
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5_000;
  const ttlMs = options.ttlMs ?? Math.max(15_000, heartbeatIntervalMs * 3);
  positive('heartbeatIntervalMs', heartbeatIntervalMs);
  positive('ttlMs', ttlMs);
  if (ttlMs <= heartbeatIntervalMs)
    throw new ConfigurationError(
      `ttlMs ${ttlMs} must be longer than heartbeatIntervalMs ${heartbeatIntervalMs}, or agents drop out between beats: use at least two intervals`,
      { details: { ttlMs, heartbeatIntervalMs } },
    );
  const topicPrefix = options.topicPrefix ?? 'agents.registry';
  try {
    assertTopicPattern(`${topicPrefix}.*`);
  } catch (error) {
    throw new ConfigurationError(
      `topicPrefix ${JSON.stringify(topicPrefix)} is not a valid topic: use dot-separated tokens of letters, digits, _, -, $ and :`,
      { cause: error, details: { topicPrefix } },
    );
  }
  return {
    bus: options.bus,
    store: options.store,
    auditStreamId: options.auditStreamId ?? 'agent-registry',
    clock: options.clock,
    instanceId: options.instanceId ?? newId(),
    heartbeatIntervalMs,
    ttlMs,
    topicPrefix,
    onError:
      options.onError ??
      ((error, what) =>
        process.emitWarning(`agent registry: ${what} failed: ${String(error)}`, 'AgentRegistry')),
  };
}

function positive(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new ConfigurationError(
      `${name} must be a positive number of milliseconds, got ${JSON.stringify(value)}`,
      { details: { [name]: String(value) } },
    );
}
