import { ValidationError } from '@agenticflow/core';
import { type CapabilityDescriptor, inputMismatch } from './capability.js';
import { closeNames } from './close-names.js';
import { MATCHABLE_STATUSES, type RegisteredAgent } from './registered-agent.js';
import { NoMatchingAgentError, type RejectedCandidate } from './registry-errors.js';
import { compareVersions, tryParseVersion } from './semver.js';
import { parseVersionRange, satisfiesRange, type VersionRange } from './version-range.js';

/** What a task needs. */
export interface CapabilityRequest {
  /** Capability name, such as `'translate'`. */
  readonly name: string;
  /** npm-style version range, such as `'^1.2'`. @defaultValue any version */
  readonly version?: string;
  /** The task's input: candidates whose declared input schema rejects it are not matched. */
  readonly input?: unknown;
  /** Agent ids to leave out (one that just failed the task, say). */
  readonly exclude?: readonly string[];
}

/** How much each factor weighs in a candidate's score (they need not sum to 1). */
export interface MatchWeights {
  /** @defaultValue 0.4 */
  readonly load?: number;
  /** @defaultValue 0.4 */
  readonly successRate?: number;
  /** @defaultValue 0.2 */
  readonly latency?: number;
}

/** Options of {@link rankCandidates}. */
export interface MatchOptions {
  readonly weights?: MatchWeights;
  /**
   * Latency that scores 0.5: faster agents score higher, slower ones lower.
   * @defaultValue 1000
   */
  readonly latencyReferenceMs?: number;
}

/** A candidate that fits, with its score (higher is better) and the parts of it. */
export interface RankedCandidate {
  readonly agent: RegisteredAgent;
  readonly capability: CapabilityDescriptor;
  readonly score: number;
  readonly scores: {
    readonly load: number;
    readonly successRate: number;
    readonly latency: number;
  };
}

/** Result of {@link rankCandidates}. */
export interface CapabilityMatch {
  /** Fitting candidates, best first. */
  readonly ranked: readonly RankedCandidate[];
  /** Agents that declare the capability but were turned down, with the reason. */
  readonly rejected: readonly RejectedCandidate[];
}

/**
 * Ranks `agents` for a request: they must declare the capability by name, in the version range,
 * accept the input, be ready or busy and below capacity; fitting ones are scored by free capacity,
 * recorded success rate (smoothed, so a new agent scores 0.5) and mean latency.
 *
 * @example
 * ```ts
 * const { ranked, rejected } = rankCandidates(registry.list(), { name: 'translate', version: '^1' });
 * ```
 */
export function rankCandidates(
  agents: readonly RegisteredAgent[],
  request: CapabilityRequest,
  options: MatchOptions = {},
): CapabilityMatch {
  const range = checkRequest(request);
  const weights = { load: 0.4, successRate: 0.4, latency: 0.2, ...options.weights };
  const reference = options.latencyReferenceMs ?? 1_000;
  const ranked: RankedCandidate[] = [];
  const rejected: RejectedCandidate[] = [];
  for (const agent of agents) {
    const named = agent.capabilities.filter((capability) => capability.name === request.name);
    if (named.length === 0) continue;
    const verdict = judge(agent, named, request, range);
    if (typeof verdict === 'string') {
      rejected.push({ agentId: agent.agentId, reason: verdict });
      continue;
    }
    const { inFlight, capacity } = agent.load;
    const { successes, failures, averageLatencyMs } = agent.stats;
    const scores = {
      load: capacity ? 1 - inFlight / capacity : 1 / (1 + inFlight),
      successRate: (successes + 1) / (successes + failures + 2),
      latency: averageLatencyMs === undefined ? 0.5 : reference / (reference + averageLatencyMs),
    };
    const score =
      weights.load * scores.load +
      weights.successRate * scores.successRate +
      weights.latency * scores.latency;
    ranked.push({ agent, capability: verdict, score, scores });
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      compareVersions(parse(b.capability.version), parse(a.capability.version)) ||
      a.agent.load.inFlight - b.agent.load.inFlight ||
      (a.agent.agentId < b.agent.agentId ? -1 : a.agent.agentId > b.agent.agentId ? 1 : 0),
  );
  return { ranked, rejected };
}

/**
 * The best candidate for a request. Throws `NO_MATCHING_AGENT` naming what was asked, what
 * exists, and why each agent declaring the capability was rejected.
 */
export function selectAgent(
  agents: readonly RegisteredAgent[],
  request: CapabilityRequest,
  options: MatchOptions = {},
): RankedCandidate {
  const { ranked, rejected } = rankCandidates(agents, request, options);
  const best = ranked[0];
  if (best) return best;
  const available = [
    ...new Set(
      agents.flatMap((agent) =>
        agent.capabilities.map((capability) => `${capability.name}@${capability.version}`),
      ),
    ),
  ].sort();
  const names = [...new Set(agents.flatMap((agent) => agent.capabilities.map((c) => c.name)))];
  throw new NoMatchingAgentError(
    { name: request.name, ...(request.version ? { version: request.version } : {}) },
    available,
    rejected,
    rejected.length > 0 ? [] : closeNames(request.name, names),
  );
}

function judge(
  agent: RegisteredAgent,
  named: readonly CapabilityDescriptor[],
  request: CapabilityRequest,
  range: VersionRange | undefined,
): CapabilityDescriptor | string {
  if (request.exclude?.includes(agent.agentId)) return 'excluded by the request';
  if (!MATCHABLE_STATUSES.includes(agent.status)) return `status is ${agent.status}`;
  const inRange = range
    ? named.filter((capability) => satisfiesRange(capability.version, range))
    : [...named];
  if (inRange.length === 0)
    return `version ${named.map((capability) => capability.version).join(', ')} is not in ${range?.text}`;
  inRange.sort((a, b) => compareVersions(parse(b.version), parse(a.version)));
  let mismatch: string | undefined;
  const fitting = inRange.find((capability) => {
    if (request.input === undefined) return true;
    mismatch = inputMismatch(capability, request.input);
    return mismatch === undefined;
  });
  if (!fitting) return `input does not fit its schema: ${mismatch}`;
  const { inFlight, capacity } = agent.load;
  if (capacity !== undefined && inFlight >= capacity)
    return `at capacity (${inFlight} of ${capacity} in flight)`;
  return fitting;
}

function checkRequest(request: CapabilityRequest): VersionRange | undefined {
  if (typeof request?.name !== 'string' || request.name.length === 0)
    throw new ValidationError('invalid capability request', [
      {
        path: ['name'],
        message: `must name a capability, such as "translate", got ${JSON.stringify(request?.name)}`,
      },
    ]);
  return request.version === undefined ? undefined : parseVersionRange(request.version);
}

const parse = (text: string) =>
  tryParseVersion(text) ?? { major: 0, minor: 0, patch: 0, prerelease: [] };
