import { collect, InMemoryEventBus, InMemoryEventStore } from '@agenticflow/core';
import {
  expectRejectedCode,
  expectThrownCode,
  ManualClock,
  waitFor,
} from '@agenticflow/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AgentRegistry, createAgentRegistry } from '../../src/registry/agent-registry.js';

const translator = {
  agentId: 'translator-1',
  type: 'translator',
  capabilities: [{ name: 'translate', version: '1.2.0', input: z.object({ text: z.string() }) }],
};

describe('agent registry', () => {
  const open: AgentRegistry[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((registry) => registry.close()));
  });

  async function pair(ttlMs = 3_000) {
    const bus = new InMemoryEventBus();
    const hereClock = new ManualClock();
    const thereClock = new ManualClock();
    const options = { bus, heartbeatIntervalMs: 1_000, ttlMs };
    const here = await createAgentRegistry({ ...options, clock: hereClock, instanceId: 'here' });
    const there = await createAgentRegistry({ ...options, clock: thereClock, instanceId: 'there' });
    open.push(here, there);
    return { bus, here, there, hereClock, thereClock };
  }

  it('sees an agent registered in another registry, with its capabilities', async () => {
    const { here, there } = await pair();
    await there.register(translator);
    const seen = await waitFor(() => here.get('translator-1'));
    expect(seen).toMatchObject({
      instanceId: 'there',
      local: false,
      status: 'ready',
      type: 'translator',
    });
    expect(seen.capabilities[0]).toMatchObject({ name: 'translate', version: '1.2.0' });
    expect(here.select({ name: 'translate', input: { text: 'hi' } }).agent.agentId).toBe(
      'translator-1',
    );
    expect(here.match({ name: 'translate', input: { text: 3 } }).rejected[0]?.reason).toContain(
      'input does not fit',
    );
    expect(there.get('translator-1')?.local).toBe(true);
  });

  it('drops an agent whose heartbeats stop once its TTL has passed', async () => {
    const { here, there, hereClock, thereClock } = await pair(3_000);
    await there.register(translator);
    await waitFor(() => here.get('translator-1'));
    // Beats keep it alive well past one TTL.
    for (let beat = 0; beat < 5; beat += 1) {
      const before = here.get('translator-1')!.lastSeenAt;
      await waitFor(() => thereClock.pendingSleepers === 1, { message: 'heartbeat loop asleep' });
      thereClock.advance(1_000);
      hereClock.advance(1_000);
      await waitFor(() => here.get('translator-1')!.lastSeenAt > before, {
        message: `beat ${beat}`,
      });
    }
    // `there` goes silent (its clock stops, as if its process died): no departure is announced.
    hereClock.advance(2_999);
    expect(here.get('translator-1')).toBeDefined();
    hereClock.advance(1);
    expect(here.get('translator-1')).toBeUndefined();
    expectThrownCode(() => here.select({ name: 'translate' }), 'NO_MATCHING_AGENT');
  });

  it('removes an agent at once when it is deregistered or its registry closes', async () => {
    const { here, there } = await pair(60_000);
    await there.register(translator);
    await there.register({ ...translator, agentId: 'translator-2' });
    await waitFor(() => here.list().length === 2);
    expect(await there.deregister('translator-1')).toBe(true);
    expect(await there.deregister('translator-1')).toBe(false);
    await waitFor(() => here.get('translator-1') === undefined, { message: 'departure' });
    await there.close();
    await waitFor(() => here.list().length === 0, { message: 'departure on close' });
    await expectRejectedCode(there.register(translator), 'CLOSED');
  });

  it('announces a status change at once and carries load and stats with the next beat', async () => {
    const { here, there, thereClock } = await pair();
    await there.register(translator);
    await waitFor(() => here.get('translator-1'));
    await there.update('translator-1', { status: 'failed' });
    await waitFor(() => here.get('translator-1')?.status === 'failed');
    expect(here.match({ name: 'translate' }).rejected).toEqual([
      { agentId: 'translator-1', reason: 'status is failed' },
    ]);
    await there.update('translator-1', {
      status: 'ready',
      load: { inFlight: 2, capacity: 4 },
      stats: { successes: 9, failures: 1, averageLatencyMs: 40 },
    });
    await waitFor(() => thereClock.pendingSleepers === 1, { message: 'heartbeat loop asleep' });
    thereClock.advance(1_000);
    await waitFor(() => here.get('translator-1')?.stats.successes === 9);
    expect(here.get('translator-1')).toMatchObject({
      status: 'ready',
      load: { inFlight: 2, capacity: 4 },
    });
  });

  it('ignores a copy of an older message that arrives late', async () => {
    const { bus, here, there } = await pair();
    await there.register(translator);
    await waitFor(() => here.get('translator-1'));
    await there.deregister('translator-1');
    await waitFor(() => here.get('translator-1') === undefined);
    await bus.publish('agents.registry.announce', {
      payload: {
        kind: 'announce',
        instanceId: 'there',
        seq: 1,
        ttlMs: 3_000,
        agents: [
          {
            agentId: 'translator-1',
            type: 'translator',
            capabilities: [],
            status: 'ready',
            load: { inFlight: 0 },
            stats: { successes: 0, failures: 0 },
          },
        ],
      },
    });
    await there.register({ ...translator, agentId: 'translator-3' });
    await waitFor(() => here.get('translator-3'));
    expect(here.get('translator-1')).toBeUndefined();
  });

  it('reports a malformed message instead of failing', async () => {
    const bus = new InMemoryEventBus();
    const problems: string[] = [];
    const errors: unknown[] = [];
    const registry = await createAgentRegistry({
      bus,
      onError: (error, what) => {
        errors.push(error);
        problems.push(what);
      },
    });
    open.push(registry);
    await bus.publish('agents.registry.heartbeat', { payload: { kind: 'heartbeat', agents: 'x' } });
    await waitFor(() => problems.length === 1);
    expect(problems[0]).toContain('reading registry message');
    expect(errors[0]).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((errors[0] as Error).message).toContain('agents: must be an array, got "x"');
    expect((errors[0] as Error).message).toContain('instanceId: is missing');
    expect(registry.list()).toEqual([]);
  });

  it('records registrations and departures in its audit stream', async () => {
    const bus = new InMemoryEventBus();
    const store = new InMemoryEventStore();
    const registry = await createAgentRegistry({
      bus,
      store,
      auditStreamId: 'audit-agents',
      instanceId: 'i-9',
    });
    await registry.register(translator);
    await registry.close();
    const events = await collect(store.readStream('audit-agents'));
    expect(events.map((event) => [event.type, event.data])).toEqual([
      [
        'agent.registered',
        {
          agentId: 'translator-1',
          type: 'translator',
          instanceId: 'i-9',
          capabilities: [{ name: 'translate', version: '1.2.0' }],
        },
      ],
      [
        'agent.deregistered',
        { agentId: 'translator-1', instanceId: 'i-9', reason: 'registry closed' },
      ],
    ]);
  });

  it('rejects bad options and registrations, saying what to do', async () => {
    const bus = new InMemoryEventBus();
    const ttl = await expectRejectedCode(
      createAgentRegistry({ bus, heartbeatIntervalMs: 5_000, ttlMs: 5_000 }),
      'INVALID_CONFIGURATION',
    );
    expect(ttl.message).toContain('ttlMs 5000 must be longer than heartbeatIntervalMs 5000');
    await expectRejectedCode(
      createAgentRegistry({ bus, heartbeatIntervalMs: -1 }),
      'INVALID_CONFIGURATION',
    );
    await expectRejectedCode(
      createAgentRegistry({ bus, topicPrefix: 'bad prefix' }),
      'INVALID_CONFIGURATION',
    );
    await expectRejectedCode(createAgentRegistry({} as never), 'INVALID_CONFIGURATION');
    const registry = await createAgentRegistry({ bus });
    open.push(registry);
    const error = await expectRejectedCode(
      registry.register({ agentId: '', type: 'x', capabilities: [{ name: 'Bad Name' }] }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('agentId: must be a non-empty string');
    expect(error.message).toContain('capabilities.0.name: "Bad Name" must be dotted lower case');
  });
});
