import type { EventStore } from '@agenticflow/core';
import { assertAgentId } from '../agent-id.js';
import { type AgentState, agentFacts, agentLifecycle, agentStreamId } from './agent-lifecycle.js';
import { openStateMachine } from './open-state-machine.js';

/**
 * Rebuilds an agent's state from its stream `agent-<id>`, without hosting it: what a runtime
 * sees when it starts the agent again after a crash.
 *
 * @example
 * ```ts
 * const state = await readAgentState(store, 'translator-1');
 * state.status; // 'busy' if the process died while it handled a message
 * ```
 */
export async function readAgentState(store: EventStore, agentId: string): Promise<AgentState> {
  assertAgentId(agentId, 'readAgentState');
  const lifecycle = await openStateMachine(store, agentLifecycle, agentStreamId(agentId), {
    context: agentFacts,
  });
  return {
    agentId,
    status: lifecycle.state,
    version: lifecycle.version,
    ...lifecycle.context,
  };
}
