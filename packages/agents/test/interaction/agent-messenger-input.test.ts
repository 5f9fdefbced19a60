import {
  deadLetterTopic,
  InMemoryEventBus,
  InMemoryEventStore,
  readDeadLetter,
} from '@agenticflow/core';
import { expectRejectedCode, expectThrownCode, waitFor } from '@agenticflow/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgentMessenger } from '../../src/interaction/index.js';

const bus = new InMemoryEventBus();
const store = new InMemoryEventStore();
const messenger = createAgentMessenger({ bus, store, topicPrefix: 'input' });
afterAll(async () => {
  await messenger.close();
  await bus.close();
});

describe('createAgentMessenger: bad input', () => {
  it.each([
    ['without bus', { store }, 'needs `bus`'],
    ['without store', { bus }, 'needs `store`'],
    ['with a spaced prefix', { bus, store, topicPrefix: 'a b' }, 'invalid topicPrefix "a b"'],
    ['with a wildcard prefix', { bus, store, topicPrefix: 'a.*' }, 'invalid topicPrefix "a.*"'],
    ['with a zero timeout', { bus, store, defaultTimeoutMs: 0 }, 'invalid defaultTimeoutMs 0'],
    ['with a fractional concurrency', { bus, store, concurrency: 1.5 }, 'invalid concurrency 1.5'],
    ['with a string recordHandled', { bus, store, recordHandled: 'yes' }, 'invalid recordHandled'],
  ])('refuses options %s with INVALID_CONFIGURATION', (_name, options, text) => {
    const error = expectThrownCode(
      () => createAgentMessenger(options as Parameters<typeof createAgentMessenger>[0]),
      'INVALID_CONFIGURATION',
    );
    expect(error.message).toContain(text);
  });

  it('refuses to listen for an id that cannot name an agent, naming the id and the rule', async () => {
    const error = await expectRejectedCode(
      messenger.listen('has space', () => null),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('"has space" is not an agent id');
    expect(error.message).toContain('such as "translator-1"');
  });

  it('refuses a handler that is not a function', async () => {
    const error = await expectRejectedCode(
      messenger.listen('agent-1', 'nope' as never),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('must be a function');
  });

  it('lists every problem of a message it refuses to send, with the values', async () => {
    const error = await expectRejectedCode(
      messenger.send({
        type: 'Bad Type',
        from: '',
        to: 'b.c',
        body: { at: new Date() } as never,
        correlationId: 'x y',
      }),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('"Bad Type" is not a message type');
    expect(error.message).toContain('from: "" is not an agent id');
    expect(error.message).toContain('to: "b.c" is not an agent id');
    expect(error.message).toContain('body.at');
    expect(error.message).toContain('"x y" is not a correlation id');
  });

  it('refuses a message without a body, and a timeout that is not a positive whole number', async () => {
    const noBody = await expectRejectedCode(
      messenger.send({ type: 'a.b', from: 'a', to: 'b' } as never),
      'VALIDATION_FAILED',
    );
    expect(noBody.message).toContain('body: is missing');
    const badTimeout = await expectRejectedCode(
      messenger.request({ type: 'a.b', from: 'a', to: 'b', body: 1 }, { timeoutMs: -5 }),
      'VALIDATION_FAILED',
    );
    expect(badTimeout.message).toContain('-5 must be a whole number of milliseconds');
  });

  it('dead-letters a malformed payload on an inbox topic with PROTOCOL_VIOLATION', async () => {
    const own = createAgentMessenger({ bus, store, topicPrefix: 'malformed', maxDeliveries: 1 });
    await own.listen('target', () => null);
    const letters: unknown[] = [];
    await bus.subscribe(deadLetterTopic('malformed.inbox.target'), (message) => {
      letters.push(readDeadLetter(message.payload));
    });
    await bus.publish('malformed.inbox.target', { payload: { hello: 'world' } });
    await waitFor(() => letters.length === 1, { message: 'the dead letter' });
    expect(letters[0]).toMatchObject({ error: { code: 'PROTOCOL_VIOLATION' } });
    expect((letters[0] as { error: { message: string } }).error.message).toContain(
      'kind: must be "message" or "request", got undefined',
    );
    await own.close();
  });
});
