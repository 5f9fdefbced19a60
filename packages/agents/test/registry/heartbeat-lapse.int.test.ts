import {
  describeUnlessSkipped,
  testServiceUrls,
  uniqueToken,
  unreachableReason,
} from '@agenticflow/conformance';
import { type EventBus, InMemoryEventStore } from '@agenticflow/core';
import { expectThrownCode, waitFor } from '@agenticflow/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAgentMessenger } from '../../src/interaction/create-agent-messenger.js';
import { type AgentRegistry, createAgentRegistry } from '../../src/registry/agent-registry.js';
import { createAgentRuntime } from '../../src/runtime/agent-runtime.js';
import { type FixtureProcess, startFixture } from '../support/child-process.js';
import { type BusBackend, cleanUpBus, openBus } from './support/bus-backend.js';

const fixture = new URL('./fixtures/registry-agent-process.ts', import.meta.url);
const HEARTBEAT_MS = 250;
const request = { name: 'translate', version: '^1.2', input: { text: 'hello' } };

for (const kind of ['redis', 'nats'] as const) {
  const url = kind === 'redis' ? testServiceUrls.redis : testServiceUrls.nats;
  const skip = await unreachableReason(url);

  describeUnlessSkipped(`registry across two processes on ${kind}`, skip, () => {
    const backend: BusBackend = {
      kind,
      url,
      prefix: uniqueToken(kind === 'nats' ? 'AFAGENTSREG' : 'af-agents-reg-'),
    };
    let bus: EventBus;
    const children: FixtureProcess[] = [];
    const registries: AgentRegistry[] = [];

    beforeAll(async () => {
      bus = await openBus(backend);
    });
    afterAll(async () => {
      for (const child of children) child.process.kill('SIGKILL');
      await Promise.all(registries.map((registry) => registry.close()));
      await bus?.close();
      await cleanUpBus(backend);
    });

    async function watch(ttlMs: number) {
      const topicPrefix = `agents.registry.${uniqueToken('t')}`;
      const messagePrefix = `agents.${uniqueToken('m')}`;
      const registry = await createAgentRegistry({
        bus,
        topicPrefix,
        heartbeatIntervalMs: HEARTBEAT_MS,
        ttlMs,
      });
      registries.push(registry);
      const agentId = uniqueToken('translator-');
      const child = startFixture(fixture, {
        backend,
        topicPrefix,
        messagePrefix,
        agentId,
        heartbeatIntervalMs: HEARTBEAT_MS,
        ttlMs,
      });
      children.push(child);
      await child.line('READY ');
      const seen = await waitFor(() => registry.get(agentId), {
        timeoutMs: 20_000,
        message: `${agentId} announced`,
      });
      expect(seen).toMatchObject({ local: false, status: 'ready', type: 'translator' });
      expect(registry.select(request).agent.agentId).toBe(agentId);
      return { registry, agentId, child, messagePrefix, firstSeen: seen.lastSeenAt };
    }

    it('delivers a request addressed by capability to the agent another process hosts', async () => {
      const { registry, agentId, messagePrefix } = await watch(120_000);
      const store = new InMemoryEventStore();
      const messenger = createAgentMessenger({ bus, store, topicPrefix: messagePrefix });
      const runtime = createAgentRuntime({ store, messenger, registry });
      try {
        const reply = await runtime.request(
          {
            capability: { name: 'translate', version: '^1.2' },
            type: 'task.translate',
            body: { text: 'hello' },
          },
          { timeoutMs: 20_000 },
        );
        expect(reply).toMatchObject({ from: agentId, body: { text: 'hello', by: agentId } });
      } finally {
        await runtime.close();
        await messenger.close();
      }
    });

    it('drops a SIGKILLed agent from matching once its heartbeats lapse', async () => {
      const ttlMs = 2_000;
      const { registry, agentId, child, firstSeen } = await watch(ttlMs);
      await waitFor(() => (registry.get(agentId)?.lastSeenAt ?? 0) > firstSeen + HEARTBEAT_MS, {
        timeoutMs: 20_000,
        message: 'heartbeats arriving',
      });
      const lastBeat = registry.get(agentId)!.lastSeenAt;
      child.process.kill('SIGKILL');
      await child.exited;
      await waitFor(() => registry.get(agentId) === undefined, {
        timeoutMs: 20_000,
        message: `${agentId} dropped out`,
      });
      // It dropped out by expiry: not before its TTL since the last beat heard.
      expect(Date.now() - lastBeat).toBeGreaterThanOrEqual(ttlMs);
      const error = expectThrownCode(() => registry.select(request), 'NO_MATCHING_AGENT');
      expect(error.message).toContain('no live agent offers capability translate@^1.2');
    });

    it('removes a cleanly stopped agent at once, by its announced departure', async () => {
      const ttlMs = 120_000;
      const { registry, agentId, child } = await watch(ttlMs);
      child.process.kill('SIGTERM');
      expect(await child.exited, child.output()).toEqual({ code: 0, signal: null });
      // Far sooner than the two-minute TTL: only the departure message can explain it.
      await waitFor(() => registry.get(agentId) === undefined, {
        timeoutMs: 15_000,
        message: `${agentId} departed`,
      });
      expectThrownCode(() => registry.select(request), 'NO_MATCHING_AGENT');
    });
  });
}
