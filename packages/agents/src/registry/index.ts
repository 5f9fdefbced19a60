export {
  type AgentRegistry,
  type AgentRegistryOptions,
  type AgentUpdate,
  createAgentRegistry,
} from './agent-registry.js';
export {
  type AgentCapability,
  type CapabilityDescriptor,
  type CapabilityInputSchema,
  describeCapability,
} from './capability.js';
export {
  type CapabilityMatch,
  type CapabilityRequest,
  type MatchOptions,
  type MatchWeights,
  type RankedCandidate,
  rankCandidates,
  selectAgent,
} from './capability-matcher.js';
export type { AgentLoad, AgentStats, RegisteredAgent } from './registered-agent.js';
export {
  AgentDeregistered,
  AgentRegistered,
  type AgentRegistration,
} from './registration-audit.js';
export {
  type MatchRequestSummary,
  NoMatchingAgentError,
  type RejectedCandidate,
} from './registry-errors.js';
export { compareVersions, parseVersion, type SemVer } from './semver.js';
export { parseVersionRange, satisfiesRange, type VersionRange } from './version-range.js';
