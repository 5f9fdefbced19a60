import { collect, InMemoryEventStore, newId, systemClock } from '@agenticflow/core';
import { describe, expect, it } from 'vitest';
import { answerRequest } from '../../src/interaction/answer-request.js';
import { conversationStreamId, outcomeEventId } from '../../src/interaction/conversation-events.js';
import type { AgentMessage } from '../../src/interaction/index.js';

const request: AgentMessage = {
  id: newId(),
  type: 'task.run',
  from: 'client',
  to: 'worker',
  body: 1,
  correlationId: 'c-1',
  sentAt: new Date().toISOString(),
};
const context = (deliveryAttempt: number) => ({
  signal: new AbortController().signal,
  deliveryAttempt,
});

describe('answerRequest', () => {
  it('records one outcome when two deliveries of a request race, and both return it', async () => {
    const store = new InMemoryEventStore();
    const [first, second] = await Promise.all([
      answerRequest(store, systemClock, request, () => 'first', context(1)),
      answerRequest(store, systemClock, request, () => 'second', context(1)),
    ]);
    expect(second).toEqual(first);
    const events = await collect(store.readStream(conversationStreamId('c-1')));
    expect(events.map((event) => event.id)).toEqual([outcomeEventId(request.id)]);
  });

  it('answers a later delivery from the record without calling the handler', async () => {
    const store = new InMemoryEventStore();
    const first = await answerRequest(store, systemClock, request, () => 'first', context(1));
    let called = false;
    const again = await answerRequest(
      store,
      systemClock,
      request,
      () => {
        called = true;
        return 'again';
      },
      context(2),
    );
    expect(again).toEqual(first);
    expect(called).toBe(false);
  });

  it('derives the same outcome id for a request every time, and different ids for different requests', () => {
    expect(outcomeEventId(request.id)).toBe(outcomeEventId(request.id));
    expect(outcomeEventId(request.id)).not.toBe(outcomeEventId(newId()));
    expect(outcomeEventId(request.id)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
