import { AgenticFlowError, collect, InMemoryEventBus, InMemoryEventStore } from '@agenticflow/core';
import {
  expectRejectedCode,
  expectThrownCode,
  ManualClock,
  waitFor,
} from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAgentMessenger } from '../../src/interaction/create-agent-messenger.js';
import { AgentFatalError } from '../../src/runtime/agent-errors.js';
import { createAgentRuntime } from '../../src/runtime/agent-runtime.js';
import { type AgentContext, defineAgent } from '../../src/runtime/define-agent.js';
import { readAgentState } from '../../src/runtime/read-agent-state.js';

const transitions = async (store: InMemoryEventStore, agentId: string) =>
  (await collect(store.readStream(`agent-${agentId}`))).map(
    (event) => (event.data as { event: string }).event,
  );

function setup() {
  const store = new InMemoryEventStore();
  const messenger = createAgentMessenger({ bus: new InMemoryEventBus(), store });
  const clock = new ManualClock();
  const runtime = createAgentRuntime({ store, messenger, clock, instanceId: 'test-runtime' });
  return { store, messenger, clock, runtime };
}

const echo = defineAgent({
  type: 'echo',
  capabilities: [{ name: 'echo', version: '1.0.0', input: z.object({ text: z.string() }) }],
  handle: (message) => message.body,
});

describe('agent runtime', () => {
  it('records created → starting → ready in agent-<id> and rebuilds the same state from it', async () => {
    const { store, runtime } = setup();
    const state = await runtime.start(echo, { id: 'echo-1' });
    expect(state).toMatchObject({ agentId: 'echo-1', status: 'ready', type: 'echo', starts: 1 });
    expect(await transitions(store, 'echo-1')).toEqual(['start', 'started']);
    const events = await collect(store.readStream('agent-echo-1'));
    expect(events.every((event) => event.type === 'agent.transitioned')).toBe(true);
    expect(await readAgentState(store, 'echo-1')).toEqual(runtime.state('echo-1'));
  });

  it('drives ready → busy → ready around each message and gives handle its context', async () => {
    const { store, runtime, clock } = setup();
    const seen: AgentContext[] = [];
    const agent = defineAgent({
      type: 'worker',
      capabilities: [],
      handle: async (message, context) => {
        seen.push(context);
        clock.advance(250);
        return { got: message.body };
      },
    });
    await runtime.start(agent, { id: 'worker-1' });
    const reply = await runtime.request({ to: 'worker-1', type: 'task.do', body: 7 });
    expect(reply.body).toEqual({ got: 7 });
    expect(seen[0]).toMatchObject({ agentId: 'worker-1', agentType: 'worker', deliveryAttempt: 1 });
    expect(seen[0]?.state.status).toBe('busy');
    expect(seen[0]?.state.currentMessage?.type).toBe('task.do');
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(await transitions(store, 'worker-1')).toEqual(['start', 'started', 'begin', 'finish']);
    expect(runtime.state('worker-1')).toMatchObject({
      status: 'ready',
      handled: 1,
      totalLatencyMs: 250,
      currentMessage: undefined,
    });
  });

  it('handles one message of an agent at a time', async () => {
    const { runtime } = setup();
    let running = 0;
    let most = 0;
    const agent = defineAgent({
      type: 'slow',
      capabilities: [],
      handle: async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return null;
      },
    });
    await runtime.start(agent, { id: 'slow-1' });
    await Promise.all(
      [1, 2, 3].map((n) => runtime.request({ to: 'slow-1', type: 'task.do', body: n })),
    );
    expect(most).toBe(1);
    expect(runtime.state('slow-1').handled).toBe(3);
  });

  it('keeps the agent ready when a handler fails a message, and passes the error code on', async () => {
    const { store, runtime } = setup();
    const agent = defineAgent({
      type: 'picky',
      capabilities: [],
      handle: () => {
        throw new AgenticFlowError('NOT_MY_JOB', 'cannot do that');
      },
    });
    await runtime.start(agent, { id: 'picky-1' });
    await expectRejectedCode(
      runtime.request({ to: 'picky-1', type: 'task.do', body: 1 }),
      'NOT_MY_JOB',
    );
    expect(runtime.state('picky-1')).toMatchObject({
      status: 'ready',
      failedMessages: 1,
      lastError: { code: 'NOT_MY_JOB', message: 'cannot do that', retryable: false },
    });
    expect(await transitions(store, 'picky-1')).toEqual(['start', 'started', 'begin', 'finish']);
  });

  it('moves to failed on a fatal error, stops listening, and comes back with restart', async () => {
    const { store, runtime, messenger } = setup();
    let broken = true;
    const agent = defineAgent({
      type: 'fragile',
      capabilities: [{ name: 'fragile.work' }],
      handle: () => {
        if (broken) throw new AgentFatalError('lost my credentials');
        return 'ok';
      },
    });
    await runtime.start(agent, { id: 'fragile-1' });
    await expectRejectedCode(
      runtime.request({ to: 'fragile-1', type: 'task.do', body: 1 }),
      'AGENT_FATAL',
    );
    expect(runtime.state('fragile-1').status).toBe('failed');
    const match = expectThrownCode(
      () => runtime.resolve({ capability: { name: 'fragile.work' }, type: 't.x', body: 1 }),
      'NO_MATCHING_AGENT',
    );
    expect(match.message).toContain('fragile-1 (status is failed)');
    await messenger.send({ from: 'x', to: 'fragile-1', type: 'task.do', body: 2 });
    broken = false;
    await runtime.restart('fragile-1');
    await waitFor(() => runtime.state('fragile-1').handled === 1, {
      message: 'queued message handled',
    });
    expect(await transitions(store, 'fragile-1')).toEqual([
      'start',
      'started',
      'begin',
      'fail',
      'start',
      'started',
      'begin',
      'finish',
    ]);
  });

  it('records an interruption when it finds the agent left running by a dead process', async () => {
    const store = new InMemoryEventStore();
    const stuck = defineAgent({
      type: 'stuck',
      capabilities: [],
      handle: () => new Promise(() => {}),
    });
    const before = createAgentRuntime({
      store,
      messenger: createAgentMessenger({ bus: new InMemoryEventBus(), store }),
      instanceId: 'old',
    });
    await before.start(stuck, { id: 'stuck-1' });
    void before.send({ to: 'stuck-1', type: 'task.hang', body: null });
    await waitFor(async () => (await readAgentState(store, 'stuck-1')).status === 'busy');
    // `before` is abandoned as if its process had been killed.

    const after = createAgentRuntime({
      store,
      messenger: createAgentMessenger({ bus: new InMemoryEventBus(), store }),
      instanceId: 'new',
    });
    const found = await readAgentState(store, 'stuck-1');
    expect(found).toMatchObject({ status: 'busy', instanceId: 'old' });
    const state = await after.start(echo, { id: 'stuck-1' });
    expect(state).toMatchObject({
      status: 'ready',
      instanceId: 'new',
      interruptions: 1,
      starts: 2,
    });
    const events = await collect(store.readStream('agent-stuck-1'));
    const interrupt = events.find(
      (event) => (event.data as { event: string }).event === 'interrupt',
    );
    expect(interrupt?.data).toMatchObject({
      from: 'busy',
      to: 'failed',
      payload: {
        previousStatus: 'busy',
        previousInstanceId: 'old',
        messageId: found.currentMessage?.id,
      },
    });
  });

  it('stops through stopping → stopped and forgets the agent', async () => {
    const { store, runtime } = setup();
    await runtime.start(echo, { id: 'echo-2' });
    const state = await runtime.stop('echo-2');
    expect(state.status).toBe('stopped');
    expect(await transitions(store, 'echo-2')).toEqual(['start', 'started', 'stop', 'stopped']);
    expectThrownCode(() => runtime.state('echo-2'), 'AGENT_NOT_FOUND');
    await runtime.start(echo, { id: 'echo-2' });
    expect(runtime.state('echo-2')).toMatchObject({ status: 'ready', starts: 2, interruptions: 0 });
  });

  it('resolves a capability to the best local agent by version range and input', async () => {
    const { runtime } = setup();
    const v2 = defineAgent({
      type: 'echo',
      capabilities: [{ name: 'echo', version: '2.1.0', input: z.object({ text: z.string() }) }],
      handle: () => 'v2',
    });
    await runtime.start(echo, { id: 'echo-v1' });
    await runtime.start(v2, { id: 'echo-v2' });
    const reply = await runtime.request({
      capability: { name: 'echo', version: '^2' },
      type: 'task.echo',
      body: { text: 'hi' },
    });
    expect(reply.from).toBe('echo-v2');
    expect(
      runtime.resolve({
        capability: { name: 'echo', version: '1.x' },
        type: 't.e',
        body: { text: 'a' },
      }),
    ).toBe('echo-v1');
    const error = await expectRejectedCode(
      runtime.send({
        capability: { name: 'echo', version: '^3' },
        type: 't.e',
        body: { text: 'a' },
      }),
      'NO_MATCHING_AGENT',
    );
    expect(error.message).toContain('echo-v1 (version 1.0.0 is not in ^3)');
    const wrongInput = await expectRejectedCode(
      runtime.send({ capability: { name: 'echo' }, type: 't.e', body: { text: 5 } }),
      'NO_MATCHING_AGENT',
    );
    expect(wrongInput.message).toContain('input does not fit its schema: text:');
  });

  it('lets an agent send to a capability from its own id', async () => {
    const { runtime } = setup();
    const asker = defineAgent({
      type: 'asker',
      capabilities: [],
      handle: async (_message, context) =>
        (
          await context.request({
            capability: { name: 'echo' },
            type: 'task.echo',
            body: { text: 'x' },
          })
        ).body,
    });
    await runtime.start(echo, { id: 'echo-3' });
    await runtime.start(asker, { id: 'asker-1' });
    const reply = await runtime.request({ to: 'asker-1', type: 'task.ask', body: null });
    expect(reply.body).toEqual({ text: 'x' });
  });

  it('rejects bad ids, a second start of one id, and unknown agents clearly', async () => {
    const { runtime } = setup();
    const bad = await expectRejectedCode(
      runtime.start(echo, { id: 'has space' }),
      'VALIDATION_FAILED',
    );
    expect(bad.message).toContain('"has space" is not an agent id: use 1 to 128 letters');
    await runtime.start(echo, { id: 'echo-4' });
    const twice = await expectRejectedCode(
      runtime.start(echo, { id: 'echo-4' }),
      'AGENT_ALREADY_HOSTED',
    );
    expect(twice.message).toContain('status ready');
    const missing = await expectRejectedCode(runtime.stop('ghost'), 'AGENT_NOT_FOUND');
    expect(missing.message).toContain('hosted: echo-4');
    expectThrownCode(() => runtime.resolve({ type: 't.e', body: 1 } as never), 'VALIDATION_FAILED');
    expectThrownCode(
      () => createAgentRuntime({ store: new InMemoryEventStore() } as never),
      'INVALID_CONFIGURATION',
    );
  });

  it('stops every agent on close', async () => {
    const { runtime, store } = setup();
    await runtime.start(echo, { id: 'echo-5' });
    await runtime.start(echo, { id: 'echo-6' });
    await runtime.close();
    expect((await readAgentState(store, 'echo-5')).status).toBe('stopped');
    expect((await readAgentState(store, 'echo-6')).status).toBe('stopped');
    await expectRejectedCode(runtime.start(echo, { id: 'echo-7' }), 'CLOSED');
  });
});
