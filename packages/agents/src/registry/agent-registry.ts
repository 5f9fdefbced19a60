import {
  type Clock,
  ClosedError,
  type EventBus,
  type EventStore,
  systemClock,
  ValidationError,
} from '@agenticflow/core';
import { runCheck } from '../validation/value-check.js';
import {
  type CapabilityMatch,
  type CapabilityRequest,
  type MatchOptions,
  type RankedCandidate,
  rankCandidates,
  selectAgent,
} from './capability-matcher.js';
import { checkRegistryOptions, type ResolvedRegistryOptions } from './check-registry-options.js';
import { HeartbeatLoop } from './heartbeat-loop.js';
import { LocalAgents } from './local-agents.js';
import type { AgentLoad, AgentStats, RegisteredAgent } from './registered-agent.js';
import { type AgentRegistration, AgentRegistrationAudit } from './registration-audit.js';
import { type AnnouncedAgent, registryMessage, toPayload } from './registry-messages.js';
import { RegistryView } from './registry-view.js';

/** Options of {@link createAgentRegistry}. */
export interface AgentRegistryOptions {
  /** The bus registries talk over; every process of one application must share it. */
  readonly bus: EventBus;
  /** Records `agent.registered` / `agent.deregistered` events of this instance's agents. */
  readonly store?: EventStore;
  /** @defaultValue 'agent-registry' */
  readonly auditStreamId?: string;
  /** @defaultValue systemClock */
  readonly clock?: Clock;
  /** Names this registry (process) in announcements. @defaultValue a new UUIDv7 */
  readonly instanceId?: string;
  /** @defaultValue 5000 */
  readonly heartbeatIntervalMs?: number;
  /**
   * How long others keep an agent after its last beat; more than two intervals, so one lost
   * beat does not drop it.
   * @defaultValue 15000
   */
  readonly ttlMs?: number;
  /** Topics are `<topicPrefix>.announce|heartbeat|depart`. @defaultValue 'agents.registry' */
  readonly topicPrefix?: string;
  /** Receives failures of background work (a heartbeat that could not be published). */
  readonly onError?: (error: unknown, what: string) => void;
}

/** Changes to a registered agent's live figures. */
export interface AgentUpdate {
  readonly status?: string;
  readonly load?: AgentLoad;
  readonly stats?: AgentStats;
}

/** Knows the live agents of every process sharing the bus. Made by {@link createAgentRegistry}. */
export interface AgentRegistry {
  readonly instanceId: string;
  /** Registers an agent of this process and announces it at once. */
  register(registration: AgentRegistration): Promise<RegisteredAgent>;
  /** Updates live figures; a status change is announced at once, load and stats with the next beat. */
  update(agentId: string, update: AgentUpdate): Promise<void>;
  /** Announces the agent's departure; false when it was not registered here. */
  deregister(agentId: string): Promise<boolean>;
  /** A live agent by id (this process's first). */
  get(agentId: string): RegisteredAgent | undefined;
  /** Every live agent: this process's and those whose last beat is younger than their TTL. */
  list(): RegisteredAgent[];
  /** Ranks live agents for a request (see `rankCandidates`). */
  match(request: CapabilityRequest, options?: MatchOptions): CapabilityMatch;
  /** The best live agent for a request; throws `NO_MATCHING_AGENT` (see `selectAgent`). */
  select(request: CapabilityRequest, options?: MatchOptions): RankedCandidate;
  /** Publishes a heartbeat now (the loop does it every interval). */
  heartbeat(): Promise<void>;
  /** Announces the departure of this process's agents and stops. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts a registry on `bus`: it hears the announcements, heartbeats and departures of other
 * processes and beats for the agents registered through it. An agent whose beats stop drops out
 * after its TTL; a clean `deregister` or `close` removes it at once.
 *
 * @example
 * ```ts
 * const registry = await createAgentRegistry({ bus, ttlMs: 15_000 });
 * await registry.register({ agentId: 'translator-1', type: 'translator', capabilities: [{ name: 'translate', version: '1.2.0' }] });
 * registry.select({ name: 'translate', version: '^1' }).agent.agentId; // 'translator-1' (or a better one)
 * ```
 */
export async function createAgentRegistry(options: AgentRegistryOptions): Promise<AgentRegistry> {
  const resolved = checkRegistryOptions(options);
  const registry = new BusAgentRegistry(resolved);
  await registry.start();
  return registry;
}

type PublishedMessage =
  | { readonly kind: 'announce' | 'heartbeat'; readonly agents: AnnouncedAgent[] }
  | { readonly kind: 'depart'; readonly agentIds: string[] };

class BusAgentRegistry implements AgentRegistry {
  readonly instanceId: string;
  private readonly view = new RegistryView();
  private readonly locals: LocalAgents;
  private readonly audit: AgentRegistrationAudit;
  private readonly loop: HeartbeatLoop;
  private readonly clock: Clock;
  private unsubscribe: (() => Promise<void>) | undefined;
  private seq = 0;
  private closed = false;

  constructor(private readonly options: ResolvedRegistryOptions) {
    this.instanceId = options.instanceId;
    this.clock = options.clock ?? systemClock;
    this.locals = new LocalAgents(this.instanceId);
    this.audit = new AgentRegistrationAudit(options.store, options.auditStreamId, this.instanceId);
    this.loop = new HeartbeatLoop(
      this.clock,
      options.heartbeatIntervalMs,
      () => this.heartbeat(),
      options.onError,
    );
  }

  async start(): Promise<void> {
    const subscription = await this.options.bus.subscribe(
      `${this.options.topicPrefix}.*`,
      (message) => {
        const parsed = runCheck(registryMessage, message.payload);
        if (!parsed.ok) {
          this.options.onError(
            new ValidationError(
              `invalid registry message ${message.id} on ${message.topic} (only an AgentRegistry may publish on ${this.options.topicPrefix}.*)`,
              parsed.issues,
            ),
            `reading registry message ${message.id} on ${message.topic}`,
          );
          return;
        }
        if (parsed.value.instanceId !== this.instanceId)
          this.view.apply(parsed.value, this.clock.now());
      },
    );
    this.unsubscribe = () => subscription.unsubscribe();
    this.loop.start();
  }

  async register(registration: AgentRegistration): Promise<RegisteredAgent> {
    this.assertOpen();
    const record = this.locals.add(registration, this.clock.now());
    await this.audit.registered(record);
    await this.publish({ kind: 'announce', agents: [this.locals.announced(record.agentId)!] });
    return record;
  }

  async update(agentId: string, update: AgentUpdate): Promise<void> {
    const statusChanged = this.locals.update(agentId, update, this.clock.now());
    if (statusChanged && !this.closed)
      await this.publish({ kind: 'announce', agents: [this.locals.announced(agentId)!] });
  }

  async deregister(agentId: string): Promise<boolean> {
    if (!this.locals.remove(agentId)) return false;
    await this.audit.deregistered(agentId, 'deregistered');
    if (!this.closed) await this.publish({ kind: 'depart', agentIds: [agentId] });
    return true;
  }

  get(agentId: string): RegisteredAgent | undefined {
    return this.list().find((agent) => agent.agentId === agentId);
  }

  list(): RegisteredAgent[] {
    const now = this.clock.now();
    return [...this.locals.records(now), ...this.view.live(now, this.options.ttlMs * 10)];
  }

  match(request: CapabilityRequest, options?: MatchOptions): CapabilityMatch {
    return rankCandidates(this.list(), request, options);
  }

  select(request: CapabilityRequest, options?: MatchOptions): RankedCandidate {
    return selectAgent(this.list(), request, options);
  }

  async heartbeat(): Promise<void> {
    if (this.closed || this.locals.size === 0) return;
    await this.publish({ kind: 'heartbeat', agents: this.locals.allAnnounced() });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.loop.stop();
    const departing = this.locals.ids();
    try {
      if (departing.length > 0) await this.publish({ kind: 'depart', agentIds: departing }, true);
      for (const agentId of departing) {
        this.locals.remove(agentId);
        await this.audit.deregistered(agentId, 'registry closed');
      }
    } finally {
      await this.unsubscribe?.();
    }
  }

  private async publish(message: PublishedMessage, closing = false): Promise<void> {
    if (this.closed && !closing) return;
    // Wall-clock based, so a restarted process reusing its instance id is not taken for stale.
    this.seq = Math.max(this.seq + 1, this.clock.now());
    const full =
      message.kind === 'depart'
        ? { ...message, instanceId: this.instanceId, seq: this.seq }
        : { ...message, instanceId: this.instanceId, seq: this.seq, ttlMs: this.options.ttlMs };
    await this.options.bus.publish(`${this.options.topicPrefix}.${message.kind}`, {
      payload: toPayload(full),
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError('agent registry');
  }
}
