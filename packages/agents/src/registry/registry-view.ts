import type { CapabilityDescriptor } from './capability.js';
import type { RegisteredAgent } from './registered-agent.js';
import type { AnnouncedAgent, RegistryMessage } from './registry-messages.js';

/**
 * What one registry knows of the agents of other instances: applied from bus messages, expired
 * by time. Keyed by instance and agent, so one id hosted twice shows twice.
 */
export class RegistryView {
  private readonly entries = new Map<string, RegisteredAgent>();
  private readonly lastSeq = new Map<string, { seq: number; seenAt: number }>();

  /** Applies a message received at `now`; returns false when it was stale. */
  apply(message: RegistryMessage, now: number): boolean {
    const last = this.lastSeq.get(message.instanceId);
    if (last && message.seq <= last.seq) return false;
    this.lastSeq.set(message.instanceId, { seq: message.seq, seenAt: now });
    if (message.kind === 'depart') {
      for (const agentId of message.agentIds) this.entries.delete(key(message.instanceId, agentId));
      return true;
    }
    if (message.kind === 'heartbeat') {
      const beating = new Set(message.agents.map((agent) => agent.agentId));
      for (const [entryKey, entry] of this.entries)
        if (entry.instanceId === message.instanceId && !beating.has(entry.agentId))
          this.entries.delete(entryKey);
    }
    for (const agent of message.agents)
      this.entries.set(
        key(message.instanceId, agent.agentId),
        toRecord(agent, message.instanceId, now, message.ttlMs),
      );
    return true;
  }

  /** Live entries; expired ones (and old sequence marks) are dropped. */
  live(now: number, forgetAfterMs: number): RegisteredAgent[] {
    const alive: RegisteredAgent[] = [];
    for (const [entryKey, entry] of this.entries) {
      if (entry.expiresAt > now) alive.push(entry);
      else this.entries.delete(entryKey);
    }
    for (const [instanceId, mark] of this.lastSeq)
      if (now - mark.seenAt > forgetAfterMs) this.lastSeq.delete(instanceId);
    return alive;
  }
}

const key = (instanceId: string, agentId: string) => `${instanceId}/${agentId}`;

function toRecord(
  agent: AnnouncedAgent,
  instanceId: string,
  now: number,
  ttlMs: number,
): RegisteredAgent {
  return {
    agentId: agent.agentId,
    type: agent.type,
    capabilities: agent.capabilities as CapabilityDescriptor[],
    status: agent.status,
    load: agent.load,
    stats: agent.stats,
    instanceId,
    lastSeenAt: now,
    expiresAt: now + ttlMs,
    local: false,
  };
}
