import type { EventStore } from '@agenticflow/core';
import { defineCheckedEvent } from '../validation/define-checked-event.js';
import { array, object, string } from '../validation/value-check.js';
import type { AgentCapability, CapabilityDescriptor } from './capability.js';
import type { AgentLoad, AgentStats, RegisteredAgent } from './registered-agent.js';

/** What {@link AgentRegistry.register} takes. */
export interface AgentRegistration {
  readonly agentId: string;
  /** The agent definition's type. */
  readonly type: string;
  /** Declared capabilities, as defined (with zod input schemas) or already described. */
  readonly capabilities: readonly (AgentCapability | CapabilityDescriptor)[];
  /** @defaultValue 'ready' */
  readonly status?: string;
  /** @defaultValue { inFlight: 0 } */
  readonly load?: AgentLoad;
  /** @defaultValue no messages recorded */
  readonly stats?: AgentStats;
}

/** Recorded when a registry registers an agent of its process. */
export const AgentRegistered = defineCheckedEvent(
  'agent.registered',
  object({
    agentId: string,
    type: string,
    instanceId: string,
    capabilities: array(object({ name: string, version: string })),
  }),
  (z) =>
    z.object({
      agentId: z.string(),
      type: z.string(),
      instanceId: z.string(),
      capabilities: z.array(z.object({ name: z.string(), version: z.string() })),
    }),
);

/** Recorded when a registry deregisters an agent of its process (or closes). */
export const AgentDeregistered = defineCheckedEvent(
  'agent.deregistered',
  object({ agentId: string, instanceId: string, reason: string }),
  (z) => z.object({ agentId: z.string(), instanceId: z.string(), reason: z.string() }),
);

/** Appends registration events to the audit stream, when a store was given. */
export class AgentRegistrationAudit {
  constructor(
    private readonly store: EventStore | undefined,
    private readonly streamId: string,
    private readonly instanceId: string,
  ) {}

  async registered(agent: RegisteredAgent): Promise<void> {
    if (!this.store) return;
    const capabilities = agent.capabilities.map(({ name, version }) => ({ name, version }));
    await this.store.append(this.streamId, [
      AgentRegistered.create({
        agentId: agent.agentId,
        type: agent.type,
        instanceId: this.instanceId,
        capabilities,
      }),
    ]);
  }

  async deregistered(agentId: string, reason: string): Promise<void> {
    if (!this.store) return;
    await this.store.append(this.streamId, [
      AgentDeregistered.create({ agentId, instanceId: this.instanceId, reason }),
    ]);
  }
}
