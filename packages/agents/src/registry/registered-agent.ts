import type { CapabilityDescriptor } from './capability.js';

/** How busy an agent is: messages queued or being handled, and how many it takes at once. */
export interface AgentLoad {
  readonly inFlight: number;
  /** Messages the agent accepts at once; at capacity it is not matched. Unbounded when absent. */
  readonly capacity?: number;
}

/** An agent's record of handled messages. */
export interface AgentStats {
  readonly successes: number;
  readonly failures: number;
  /** Mean handling time of the recorded messages; absent before the first. */
  readonly averageLatencyMs?: number;
}

/** One live agent as the registry knows it. */
export interface RegisteredAgent {
  readonly agentId: string;
  /** The agent definition's type, such as `'translator'`. */
  readonly type: string;
  readonly capabilities: readonly CapabilityDescriptor[];
  /** Lifecycle status as last announced: only `ready` and `busy` agents are matched. */
  readonly status: string;
  readonly load: AgentLoad;
  readonly stats: AgentStats;
  /** The registry (process) that hosts the agent. */
  readonly instanceId: string;
  /** When this registry last heard of it, epoch ms of its clock. */
  readonly lastSeenAt: number;
  /** When it drops out unless it beats again, epoch ms of this registry's clock. */
  readonly expiresAt: number;
  /** True for agents registered through this registry. */
  readonly local: boolean;
}

/** Statuses in which an agent takes messages. */
export const MATCHABLE_STATUSES: readonly string[] = ['ready', 'busy'];
