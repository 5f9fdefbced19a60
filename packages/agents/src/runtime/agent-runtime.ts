import {
  type Clock,
  ClosedError,
  ConfigurationError,
  type EventStore,
  type JsonValue,
  newId,
  systemClock,
} from '@agenticflow/core';
import { assertAgentId } from '../agent-id.js';
import type {
  AgentMessage,
  AgentMessenger,
  AgentRequestOptions,
} from '../interaction/agent-messenger.js';
import type { AgentRegistry } from '../registry/agent-registry.js';
import type { MatchOptions } from '../registry/capability-matcher.js';
import { AgentAlreadyHostedError, AgentNotFoundError } from './agent-errors.js';
import { AgentHost } from './agent-host.js';
import type { AgentState } from './agent-lifecycle.js';
import type { AgentDefinition, AgentOutgoing } from './define-agent.js';
import { resolveTarget } from './resolve-target.js';

/** Options of {@link createAgentRuntime}. */
export interface AgentRuntimeOptions {
  /** Where each agent's lifecycle stream `agent-<id>` is kept. */
  readonly store: EventStore;
  /** Delivers messages to the hosted agents and carries what they send. */
  readonly messenger: AgentMessenger;
  /** Announces hosted agents to other processes and resolves capabilities across them. */
  readonly registry?: AgentRegistry;
  /** @defaultValue systemClock */
  readonly clock?: Clock;
  /** Names this runtime in lifecycle events. @defaultValue the registry's instance id, or a new UUIDv7 */
  readonly instanceId?: string;
  /** The `from` of messages sent through the runtime without one. @defaultValue `runtime:<instanceId>` */
  readonly clientId?: string;
  /** Weights and references of the capability matcher. */
  readonly matchOptions?: MatchOptions;
}

/** A message sent through the runtime: to an id or a capability, from a client or agent id. */
export type RuntimeMessage<Body extends JsonValue = JsonValue> = AgentOutgoing<Body> & {
  /** @defaultValue the runtime's `clientId` */
  readonly from?: string;
};

/** Hosts agents in this process. Made by {@link createAgentRuntime}. */
export interface AgentRuntime {
  readonly instanceId: string;
  /**
   * Hosts an agent: rebuilds its state from `agent-<id>` (recording `interrupt` if a dead process
   * left it running), records start → ready, listens for its messages and registers it.
   * Throws `AGENT_ALREADY_HOSTED` when this runtime already hosts the id.
   */
  start(definition: AgentDefinition, options: { readonly id: string }): Promise<AgentState>;
  /** Stops listening, waits for the message in flight, records stopping → stopped, deregisters. */
  stop(agentId: string): Promise<AgentState>;
  /** Starts a `failed` (or stopped) agent again with the same definition. */
  restart(agentId: string): Promise<AgentState>;
  /** A hosted agent's state; throws `AGENT_NOT_FOUND`. */
  state(agentId: string): AgentState;
  /** States of every hosted agent. */
  list(): AgentState[];
  /** The agent id a target resolves to (`to`, or the capability matcher's choice). */
  resolve(target: RuntimeMessage): string;
  /** Sends a one-way message to an id or a capability. */
  send<Body extends JsonValue>(message: RuntimeMessage<Body>): Promise<AgentMessage<Body>>;
  /** Sends a request to an id or a capability and waits for the response. */
  request<Response extends JsonValue = JsonValue>(
    message: RuntimeMessage,
    options?: AgentRequestOptions,
  ): Promise<AgentMessage<Response>>;
  /** Stops every hosted agent. Does not close the store, messenger or registry. */
  close(): Promise<void>;
}

/**
 * Creates a runtime hosting agents in this process.
 *
 * @example
 * ```ts
 * const runtime = createAgentRuntime({ store, messenger, registry });
 * await runtime.start(translator, { id: 'translator-1' });
 * const reply = await runtime.request({ capability: { name: 'translate', version: '^1' }, type: 'task.translate', body: { text: 'hello' } });
 * ```
 */
export function createAgentRuntime(options: AgentRuntimeOptions): AgentRuntime {
  if (typeof options?.store?.append !== 'function')
    throw new ConfigurationError('createAgentRuntime needs `store`: pass an EventStore');
  if (typeof options.messenger?.listen !== 'function')
    throw new ConfigurationError(
      'createAgentRuntime needs `messenger`: pass an AgentMessenger (createAgentMessenger)',
    );
  return new LocalAgentRuntime(options);
}

class LocalAgentRuntime implements AgentRuntime {
  readonly instanceId: string;
  private readonly hosts = new Map<string, AgentHost>();
  private readonly clientId: string;
  private closed = false;

  constructor(private readonly options: AgentRuntimeOptions) {
    this.instanceId = options.instanceId ?? options.registry?.instanceId ?? newId();
    this.clientId = options.clientId ?? `runtime:${this.instanceId}`;
  }

  async start(definition: AgentDefinition, { id }: { readonly id: string }): Promise<AgentState> {
    if (this.closed) throw new ClosedError('agent runtime');
    assertAgentId(id, 'runtime.start', ['id']);
    if (typeof definition?.handle !== 'function' || !Array.isArray(definition.descriptors))
      throw new ConfigurationError(
        `runtime.start(${id}) needs a definition made by defineAgent, got ${typeof definition}`,
      );
    const existing = this.hosts.get(id);
    if (existing) throw new AgentAlreadyHostedError(id, existing.state.status);
    const host = new AgentHost(id, definition, {
      store: this.options.store,
      messenger: this.options.messenger,
      registry: this.options.registry,
      clock: this.options.clock ?? systemClock,
      instanceId: this.instanceId,
      send: (from) => ({
        send: (message) => this.send({ ...message, from }),
        request: (message, requestOptions) => this.request({ ...message, from }, requestOptions),
      }),
    });
    this.hosts.set(id, host);
    try {
      return await host.start();
    } catch (error) {
      this.hosts.delete(id);
      throw error;
    }
  }

  async stop(agentId: string): Promise<AgentState> {
    const host = this.host(agentId);
    const state = await host.stop('stopped by the runtime');
    this.hosts.delete(agentId);
    return state;
  }

  async restart(agentId: string): Promise<AgentState> {
    return this.host(agentId).start();
  }

  state(agentId: string): AgentState {
    return this.host(agentId).state;
  }

  list(): AgentState[] {
    return [...this.hosts.values()].map((host) => host.state);
  }

  resolve(target: RuntimeMessage): string {
    return resolveTarget(
      target,
      target.body,
      this.options.registry,
      () => [...this.hosts.values()].map((host) => host.record()),
      this.options.matchOptions,
    );
  }

  async send<Body extends JsonValue>(message: RuntimeMessage<Body>): Promise<AgentMessage<Body>> {
    return this.options.messenger.send({
      type: message.type,
      from: message.from ?? this.clientId,
      to: this.resolve(message),
      body: message.body,
    });
  }

  async request<Response extends JsonValue = JsonValue>(
    message: RuntimeMessage,
    options?: AgentRequestOptions,
  ): Promise<AgentMessage<Response>> {
    return this.options.messenger.request<Response>(
      {
        type: message.type,
        from: message.from ?? this.clientId,
        to: this.resolve(message),
        body: message.body,
      },
      options,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.hosts.keys()].map((agentId) => this.stop(agentId)));
  }

  private host(agentId: string): AgentHost {
    const host = this.hosts.get(agentId);
    if (!host) throw new AgentNotFoundError(agentId, [...this.hosts.keys()]);
    return host;
  }
}
