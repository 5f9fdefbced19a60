import { ValidationError, type ValidationIssue } from '@agenticflow/core';
import type { AgentUpdate } from './agent-registry.js';
import {
  type AgentCapability,
  type CapabilityDescriptor,
  capabilityIssues,
  describeCapability,
} from './capability.js';
import type { RegisteredAgent } from './registered-agent.js';
import type { AgentRegistration } from './registration-audit.js';
import type { AnnouncedAgent } from './registry-messages.js';

/** The agents registered through one registry: always live until deregistered. */
export class LocalAgents {
  private readonly agents = new Map<string, AnnouncedAgent & { since: number }>();

  constructor(private readonly instanceId: string) {}

  get size(): number {
    return this.agents.size;
  }

  /** Adds (or replaces) an agent; throws `VALIDATION_FAILED` listing every problem. */
  add(registration: AgentRegistration, now: number): RegisteredAgent {
    const issues = registrationIssues(registration);
    if (issues.length > 0) throw new ValidationError('invalid agent registration', issues);
    const agent = {
      agentId: registration.agentId,
      type: registration.type,
      capabilities: registration.capabilities.map(toDescriptor),
      status: registration.status ?? 'ready',
      load: registration.load ?? { inFlight: 0 },
      stats: registration.stats ?? { successes: 0, failures: 0 },
      since: now,
    };
    this.agents.set(agent.agentId, agent);
    return this.record(agent, now);
  }

  /** Applies an update; true when the status changed. */
  update(agentId: string, update: AgentUpdate, now: number): boolean {
    const agent = this.agents.get(agentId);
    if (!agent) return false;
    const changed = update.status !== undefined && update.status !== agent.status;
    this.agents.set(agentId, { ...agent, ...definedOnly(update), since: now });
    return changed;
  }

  remove(agentId: string): boolean {
    return this.agents.delete(agentId);
  }

  ids(): string[] {
    return [...this.agents.keys()];
  }

  announced(agentId: string): AnnouncedAgent | undefined {
    const agent = this.agents.get(agentId);
    if (!agent) return undefined;
    const { since: _since, ...announced } = agent;
    return announced as AnnouncedAgent;
  }

  allAnnounced(): AnnouncedAgent[] {
    return this.ids().map((agentId) => this.announced(agentId)!);
  }

  records(now: number): RegisteredAgent[] {
    return [...this.agents.values()].map((agent) => this.record(agent, now));
  }

  private record(agent: AnnouncedAgent, now: number): RegisteredAgent {
    return {
      agentId: agent.agentId,
      type: agent.type,
      capabilities: agent.capabilities as CapabilityDescriptor[],
      status: agent.status,
      load: agent.load,
      stats: agent.stats,
      instanceId: this.instanceId,
      lastSeenAt: now,
      expiresAt: Number.POSITIVE_INFINITY,
      local: true,
    };
  }
}

function toDescriptor(capability: AgentCapability | CapabilityDescriptor): CapabilityDescriptor {
  if ('input' in capability && capability.input !== undefined)
    return describeCapability(capability as AgentCapability);
  // Already described (it keeps its identity, which links it to its zod schema in this process).
  if (typeof capability.version === 'string') return capability as CapabilityDescriptor;
  return describeCapability(capability);
}

function definedOnly(update: AgentUpdate): AgentUpdate {
  return Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
}

function registrationIssues(registration: AgentRegistration): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof registration?.agentId !== 'string' || registration.agentId.length === 0)
    issues.push({
      path: ['agentId'],
      message: `must be a non-empty string, got ${JSON.stringify(registration?.agentId)}`,
    });
  if (typeof registration?.type !== 'string' || registration.type.length === 0)
    issues.push({ path: ['type'], message: 'must name the agent type, such as "translator"' });
  if (!Array.isArray(registration?.capabilities))
    issues.push({ path: ['capabilities'], message: 'must be an array of { name, version? }' });
  else
    registration.capabilities.forEach((capability, index) => {
      issues.push(...capabilityIssues(capability, ['capabilities', index]));
    });
  return issues;
}
