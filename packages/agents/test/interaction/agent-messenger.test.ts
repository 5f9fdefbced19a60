import {
  AgenticFlowError,
  collect,
  InMemoryEventBus,
  InMemoryEventStore,
  newId,
} from '@agenticflow/core';
import {
  expectRejectedCode,
  ManualClock,
  overrideEventBus,
  waitFor,
} from '@agenticflow/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AgentMessage,
  type AgentMessenger,
  ConversationEventTypes,
  conversationStreamId,
  createAgentMessenger,
} from '../../src/interaction/index.js';

const closers: Array<() => Promise<void>> = [];
const hanging: Array<() => void> = [];
afterEach(async () => {
  for (const release of hanging.splice(0)) release();
  for (const close of closers.splice(0).reverse()) await close();
});

/** A handler result that stays pending until the test ends. */
function hang(): Promise<undefined> {
  return new Promise((resolve) => hanging.push(() => resolve(undefined)));
}

function setUp(options: { clock?: ManualClock } = {}) {
  const bus = new InMemoryEventBus();
  const store = new InMemoryEventStore();
  const messenger = (extra: Partial<Parameters<typeof createAgentMessenger>[0]> = {}) => {
    const created = createAgentMessenger({
      bus,
      store,
      ...(options.clock ? { clock: options.clock } : {}),
      ...extra,
    });
    closers.push(() => created.close());
    return created;
  };
  closers.push(() => bus.close());
  return { bus, store, messenger };
}

describe('createAgentMessenger: request/response', () => {
  it('answers a request with the handler value and records request and response', async () => {
    const { store, messenger } = setUp();
    const agents = messenger();
    const client = messenger();
    await agents.listen('translator', (message) => ({ text: `hello (${String(message.body)})` }));

    const reply = await client.request({
      type: 'task.translate',
      from: 'planner',
      to: 'translator',
      body: 'bonjour',
    });

    expect(reply.body).toEqual({ text: 'hello (bonjour)' });
    expect(reply).toMatchObject({
      from: 'translator',
      to: 'planner',
      type: 'task.translate.response',
    });
    expect(reply.inReplyTo).toBeDefined();
    expect(reply.correlationId).toBe(reply.inReplyTo);
    const events = await collect(store.readStream(conversationStreamId(reply.correlationId!)));
    expect(events.map((event) => event.type)).toEqual([
      ConversationEventTypes.sent,
      ConversationEventTypes.responded,
    ]);
    expect(events[0]!.id).toBe(reply.inReplyTo);
    expect((events[1]!.data as { message: AgentMessage }).message).toEqual(reply);
  });

  it('keeps a given correlation id, so many requests share one conversation stream', async () => {
    const { store, messenger } = setUp();
    const agents = messenger();
    await agents.listen('echo', (message) => message.body);
    const correlationId = newId();
    for (const body of [1, 2]) {
      const reply = await agents.request({
        type: 'echo.it',
        from: 'a',
        to: 'echo',
        body,
        correlationId,
      });
      expect(reply.body).toBe(body);
    }
    const events = await collect(store.readStream(conversationStreamId(correlationId)));
    expect(events).toHaveLength(4);
  });

  it('rejects with TIMEOUT when no response arrives in time, and records the timeout', async () => {
    const clock = new ManualClock();
    const { store, messenger } = setUp({ clock });
    const agents = messenger();
    await agents.listen('slow', () => hang());

    const asked = agents.request(
      { type: 'task.slow', from: 'a', to: 'slow', body: null },
      { timeoutMs: 1_000 },
    );
    await waitFor(() => clock.pendingSleepers === 1, { message: 'the request timer' });
    clock.advance(1_000);
    const error = await expectRejectedCode(asked, 'TIMEOUT');
    expect(error.message).toContain('agent slow');
    expect(error.message).toContain('1000 ms');
    const requestId = error.details.requestId as string;
    const events = await collect(store.readStream(conversationStreamId(requestId)));
    expect(events.map((event) => event.type)).toContain(ConversationEventTypes.timedOut);
  });

  it('carries a remote error back with its code, message and details, and records it', async () => {
    const { store, messenger } = setUp();
    const agents = messenger();
    await agents.listen('quota', () => {
      throw new AgenticFlowError('QUOTA_EXCEEDED', 'over quota: wait a minute', {
        details: { limit: 3 },
        retryable: true,
      });
    });
    const error = await expectRejectedCode(
      agents.request({ type: 'task.run', from: 'a', to: 'quota', body: 1 }),
      'QUOTA_EXCEEDED',
    );
    expect(error.message).toBe('over quota: wait a minute');
    expect(error.details).toEqual({ limit: 3 });
    expect(error.retryable).toBe(true);
    const failed = await collect(store.readAll({ types: [ConversationEventTypes.failed] }));
    expect(failed).toHaveLength(1);
  });

  it('answers with VALIDATION_FAILED when a handler returns a value that is not JSON', async () => {
    const { messenger } = setUp();
    const agents = messenger();
    await agents.listen('bad', () => ({ when: new Date() }) as never);
    const error = await expectRejectedCode(
      agents.request({ type: 'task.run', from: 'a', to: 'bad', body: 1 }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('not JSON');
  });

  it('answers a redelivered request from its recorded outcome, without running the handler again', async () => {
    const bus = new InMemoryEventBus();
    const store = new InMemoryEventStore();
    let failReply = true;
    const flaky = overrideEventBus(bus, {
      publish: (topic, message) => {
        if (topic.includes('.reply.') && failReply) {
          failReply = false;
          return Promise.reject(new Error('injected: reply publish lost'));
        }
        return bus.publish(topic, message);
      },
    });
    const responder = createAgentMessenger({ bus: flaky, store });
    const requester = createAgentMessenger({ bus, store });
    closers.push(
      () => bus.close(),
      () => responder.close(),
      () => requester.close(),
    );
    let calls = 0;
    await responder.listen('counter', () => ++calls);

    const reply = await requester.request({
      type: 'count.up',
      from: 'a',
      to: 'counter',
      body: null,
    });

    expect(failReply).toBe(false);
    expect(reply.body).toBe(1);
    expect(calls).toBe(1);
    const outcomes = await collect(store.readAll({ types: [ConversationEventTypes.responded] }));
    expect(outcomes).toHaveLength(1);
  });

  it('aborts a request through its signal with ABORTED', async () => {
    const { messenger } = setUp();
    const agents = messenger();
    await agents.listen('idle', () => hang());
    const controller = new AbortController();
    const asked = agents.request(
      { type: 'task.run', from: 'a', to: 'idle', body: 1 },
      { signal: controller.signal },
    );
    controller.abort();
    await expectRejectedCode(asked, 'ABORTED');
  });
});

describe('createAgentMessenger: delivery', () => {
  it('delivers a one-way message and records it in its own conversation', async () => {
    const { store, messenger } = setUp();
    const agents = messenger();
    const received: AgentMessage[] = [];
    await agents.listen('inbox-1', (message) => {
      received.push(message);
      return undefined;
    });
    const sent = await agents.send({
      type: 'note.posted',
      from: 'a',
      to: 'inbox-1',
      body: { n: 1 },
    });
    await waitFor(() => received.length === 1);
    expect(received[0]).toEqual(sent);
    expect(sent.correlationId).toBeUndefined();
    const events = await collect(store.readStream(conversationStreamId(sent.id)));
    expect(events.map((event) => event.type)).toEqual([ConversationEventTypes.sent]);
  });

  describe('a one-way message delivered again after its handler succeeded', () => {
    /**
     * A bus whose first inbox delivery fails after the handler ran (the ack is lost); `done`
     * counts the inbox deliveries that have finished.
     */
    function losingFirstAck(bus: InMemoryEventBus) {
      const deliveries = { done: 0 };
      const wrapped = overrideEventBus(bus, {
        subscribe: (pattern, handler, options) =>
          bus.subscribe(
            pattern,
            async (message, context) => {
              const inbox = message.topic.includes('.inbox.');
              try {
                await handler(message, context);
              } finally {
                if (inbox) deliveries.done++;
              }
              if (inbox && deliveries.done === 1) throw new Error('injected: ack lost');
            },
            options,
          ),
      });
      return { bus: wrapped, deliveries };
    }

    for (const recordHandled of [false, true]) {
      it(`${recordHandled ? 'is handled once with' : 'is handled again without'} recordHandled`, async () => {
        const bus = new InMemoryEventBus();
        const store = new InMemoryEventStore();
        const lossy = losingFirstAck(bus);
        const listener = createAgentMessenger({ bus: lossy.bus, store, recordHandled });
        const sender = createAgentMessenger({ bus, store });
        closers.push(
          () => bus.close(),
          () => listener.close(),
          () => sender.close(),
        );
        const attempts: number[] = [];
        await listener.listen('ledger', (_, context) => {
          attempts.push(context.deliveryAttempt);
          return undefined;
        });
        const sent = await sender.send({ type: 'entry.added', from: 'a', to: 'ledger', body: 5 });
        const handled = async () =>
          (await collect(store.readStream(conversationStreamId(sent.id)))).filter(
            (event) => event.type === ConversationEventTypes.handled,
          );
        await waitFor(() => lossy.deliveries.done === 2);
        if (recordHandled) {
          expect(attempts).toEqual([1]);
          expect((await handled()).map((event) => event.data)).toEqual([
            { messageId: sent.id, by: 'ledger' },
          ]);
        } else {
          expect(attempts).toEqual([1, 2]);
          expect(await handled()).toEqual([]);
        }
      });
    }

    it('runs a handler that failed again: only success is recorded', async () => {
      const { store, messenger } = setUp();
      const agents = messenger({ recordHandled: true });
      const attempts: number[] = [];
      await agents.listen('flaky', (_, context) => {
        attempts.push(context.deliveryAttempt);
        if (context.deliveryAttempt === 1) throw new Error('not yet');
        return undefined;
      });
      const sent = await agents.send({ type: 'entry.added', from: 'a', to: 'flaky', body: 1 });
      await waitFor(async () =>
        (await collect(store.readStream(conversationStreamId(sent.id)))).some(
          (event) => event.type === ConversationEventTypes.handled,
        ),
      );
      expect(attempts).toEqual([1, 2]);
    });
  });

  it('gives each message to one of the messengers listening for the same agent id', async () => {
    const { messenger } = setUp();
    const seen: string[] = [];
    const first = messenger();
    const second = messenger();
    const client = messenger();
    for (const [name, one] of [
      ['first', first],
      ['second', second],
    ] as const) {
      await one.listen('worker:1', () => {
        seen.push(name);
        return name;
      });
    }
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        client.request({ type: 'job.run', from: 'c', to: 'worker:1', body: n }),
      ),
    );
    expect(seen).toHaveLength(20);
    expect(new Set(replies.map((reply) => reply.body))).toEqual(new Set(['first', 'second']));
  });

  it('stops delivering to a closed listener and lets the agent listen again', async () => {
    const { messenger } = setUp();
    const agents = messenger();
    const listener = await agents.listen('a1', () => 'one');
    await expectRejectedCode(
      agents.listen('a1', () => 'two'),
      'AGENT_ALREADY_LISTENING',
    );
    await listener.close();
    await agents.listen('a1', () => 'two');
    const reply = await agents.request({ type: 'task.run', from: 'c', to: 'a1', body: 1 });
    expect(reply.body).toBe('two');
  });

  it('rejects pending requests with CLOSED when closed, and refuses to send afterwards', async () => {
    const { messenger } = setUp();
    const agents: AgentMessenger = messenger();
    let signal: AbortSignal | undefined;
    await agents.listen('idle', (_message, context) => {
      signal = context.signal;
      return new Promise((resolve) =>
        context.signal.addEventListener('abort', () => resolve(null)),
      );
    });
    const asked = agents.request({ type: 'task.run', from: 'a', to: 'idle', body: 1 });
    await waitFor(() => signal, { message: 'the handler to start' });
    expect(signal?.aborted).toBe(false);
    const closing = agents.close();
    await expectRejectedCode(asked, 'CLOSED');
    await closing;
    expect(signal?.aborted).toBe(true);
    await expectRejectedCode(
      agents.send({ type: 'task.run', from: 'a', to: 'idle', body: 1 }),
      'CLOSED',
    );
  });
});
