import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { z as mini } from 'zod/mini';
import { type CapabilityDescriptor, describeCapability } from '../../src/registry/capability.js';
import { rankCandidates, selectAgent } from '../../src/registry/capability-matcher.js';
import type { RegisteredAgent } from '../../src/registry/registered-agent.js';

const translate = describeCapability({
  name: 'translate',
  version: '1.2.0',
  input: z.object({ text: z.string(), to: z.enum(['fr', 'de']) }),
});

function agent(agentId: string, overrides: Partial<RegisteredAgent> = {}): RegisteredAgent {
  return {
    agentId,
    type: 'translator',
    capabilities: [translate],
    status: 'ready',
    load: { inFlight: 0 },
    stats: { successes: 0, failures: 0 },
    instanceId: 'i-1',
    lastSeenAt: 0,
    expiresAt: Number.POSITIVE_INFINITY,
    local: true,
    ...overrides,
  };
}

describe('capability matcher', () => {
  it('prefers the less loaded agent when all else is equal', () => {
    const { ranked } = rankCandidates([agent('busy', { load: { inFlight: 3 } }), agent('idle')], {
      name: 'translate',
    });
    expect(ranked.map((candidate) => candidate.agent.agentId)).toEqual(['idle', 'busy']);
  });

  it('prefers the agent with the better recorded success rate and latency', () => {
    const flaky = agent('flaky', { stats: { successes: 2, failures: 8, averageLatencyMs: 100 } });
    const steady = agent('steady', {
      stats: { successes: 10, failures: 0, averageLatencyMs: 100 },
    });
    const slow = agent('slow', { stats: { successes: 10, failures: 0, averageLatencyMs: 5_000 } });
    const { ranked } = rankCandidates([flaky, slow, steady], { name: 'translate' });
    expect(ranked.map((candidate) => candidate.agent.agentId)).toEqual(['steady', 'slow', 'flaky']);
    expect(ranked[0]!.scores.successRate).toBeCloseTo(11 / 12);
  });

  it('follows the weights it is given', () => {
    const loaded = agent('loaded-but-reliable', {
      load: { inFlight: 4 },
      stats: { successes: 50, failures: 0 },
    });
    const fresh = agent('fresh');
    expect(selectAgent([loaded, fresh], { name: 'translate' }).agent.agentId).toBe('fresh');
    expect(
      selectAgent([loaded, fresh], { name: 'translate' }, { weights: { load: 0, latency: 0 } })
        .agent.agentId,
    ).toBe('loaded-but-reliable');
  });

  it('breaks ties by the higher version, then by id', () => {
    const newer = agent('b-newer', {
      capabilities: [describeCapability({ name: 'translate', version: '1.3.0' })],
    });
    const { ranked } = rankCandidates([agent('c'), agent('a'), newer], { name: 'translate' });
    expect(ranked.map((candidate) => candidate.agent.agentId)).toEqual(['b-newer', 'a', 'c']);
  });

  it('says why each agent declaring the capability was rejected', () => {
    const agents = [
      agent('old', { capabilities: [describeCapability({ name: 'translate', version: '0.9.0' })] }),
      agent('down', { status: 'failed' }),
      agent('full', { load: { inFlight: 2, capacity: 2 } }),
      agent('excluded'),
      agent('fits'),
      agent('other', { capabilities: [describeCapability({ name: 'summarize' })] }),
    ];
    const request = {
      name: 'translate',
      version: '^1',
      input: { text: 'hi', to: 'fr' },
      exclude: ['excluded'],
    };
    const { ranked, rejected } = rankCandidates(agents, request);
    expect(ranked.map((candidate) => candidate.agent.agentId)).toEqual(['fits']);
    expect(rejected).toEqual([
      { agentId: 'old', reason: 'version 0.9.0 is not in ^1' },
      { agentId: 'down', reason: 'status is failed' },
      { agentId: 'full', reason: 'at capacity (2 of 2 in flight)' },
      { agentId: 'excluded', reason: 'excluded by the request' },
    ]);
  });

  it('checks the input against the schema, also when the schema came over the wire as JSON', () => {
    const wire = JSON.parse(JSON.stringify(translate)) as CapabilityDescriptor;
    for (const capability of [translate, wire]) {
      const remote = agent('remote', { capabilities: [capability], local: false });
      expect(
        rankCandidates([remote], { name: 'translate', input: { text: 'a', to: 'fr' } }).ranked,
      ).toHaveLength(1);
      const { rejected } = rankCandidates([remote], {
        name: 'translate',
        input: { text: 'a', to: 'es' },
      });
      expect(rejected[0]?.reason).toMatch(/^input does not fit its schema: to: /);
    }
  });

  it('announces the JSON Schema of a classic or a zod/mini input schema as zod writes it', () => {
    const classic = z.object({ text: z.string().min(1).describe('what to translate') });
    expect(describeCapability({ name: 'translate', input: classic }).inputSchema).toEqual(
      z.toJSONSchema(classic, { io: 'input', unrepresentable: 'any' }),
    );
    // zod/mini schemas have no toJSONSchema method of their own.
    const small = mini.object({ text: mini.string() });
    expect(describeCapability({ name: 'translate', input: small }).inputSchema).toEqual(
      z.toJSONSchema(small, { io: 'input', unrepresentable: 'any' }),
    );
  });

  it('fails with NO_MATCHING_AGENT naming what was asked, what exists and why', () => {
    const error = expectThrownCode(
      () =>
        selectAgent([agent('down', { status: 'stopping' })], { name: 'translate', version: '^1' }),
      'NO_MATCHING_AGENT',
    );
    expect(error.message).toBe(
      'no live agent offers capability translate@^1 (available: translate@1.2.0); rejected: down (status is stopping): start an agent that offers it, or change the request',
    );
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({
      request: { name: 'translate', version: '^1' },
      available: ['translate@1.2.0'],
      rejected: [{ agentId: 'down', reason: 'status is stopping' }],
    });
  });

  it('suggests close names when nothing declares the capability', () => {
    const error = expectThrownCode(
      () => selectAgent([agent('a')], { name: 'translat' }),
      'NO_MATCHING_AGENT',
    );
    expect(error.message).toContain('did you mean translate?');
    expect(error.retryable).toBe(false);
    const none = expectThrownCode(
      () => selectAgent([], { name: 'translate' }),
      'NO_MATCHING_AGENT',
    );
    expect(none.message).toContain('(available: none)');
  });

  it('rejects a malformed request', () => {
    expectThrownCode(() => rankCandidates([], { name: '' }), 'VALIDATION_FAILED');
    const error = expectThrownCode(
      () => rankCandidates([], { name: 'translate', version: 'newest' }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('cannot read "newest"');
  });
});
