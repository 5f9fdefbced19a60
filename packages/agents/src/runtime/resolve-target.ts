import { ValidationError } from '@agenticflow/core';
import type { AgentRegistry } from '../registry/agent-registry.js';
import type { CapabilityRequest, MatchOptions } from '../registry/capability-matcher.js';
import { selectAgent } from '../registry/capability-matcher.js';
import type { RegisteredAgent } from '../registry/registered-agent.js';

/** Where a message goes: an agent id, or the best live agent for a capability. */
export type AgentTarget =
  | { readonly to: string; readonly capability?: undefined }
  | {
      readonly to?: undefined;
      /** `input` defaults to the message body. */
      readonly capability: Omit<CapabilityRequest, 'input'> & { readonly input?: unknown };
    };

/**
 * The agent id a message goes to: `to` as given, or the matcher's best choice among the
 * registry's live agents (or, without a registry, the local ones).
 */
export function resolveTarget(
  target: AgentTarget,
  body: unknown,
  registry: AgentRegistry | undefined,
  local: () => RegisteredAgent[],
  options?: MatchOptions,
): string {
  if (typeof target.to === 'string' && target.to.length > 0) return target.to;
  if (target.capability === undefined)
    throw new ValidationError('invalid message target', [
      {
        path: ['to'],
        message: `give \`to\` (an agent id) or \`capability\` ({ name, version? }), got to=${JSON.stringify(target.to)}`,
      },
    ]);
  const request: CapabilityRequest = {
    ...target.capability,
    input: target.capability.input === undefined ? body : target.capability.input,
  };
  const chosen = registry
    ? registry.select(request, options)
    : selectAgent(local(), request, options);
  return chosen.agent.agentId;
}
