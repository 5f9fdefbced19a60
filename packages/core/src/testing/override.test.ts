import { describe, expect, it } from 'vitest';
import { InMemoryEventBus } from '../bus/in-memory-event-bus.js';
import { InMemoryEventStore } from '../store/in-memory-event-store.js';
import { collect } from '../util/collect.js';
import { makeEvents, uniqueStreamId } from './event-factories.js';
import { overrideEventBus, overrideEventStore } from './override.js';

describe('overrideEventStore and overrideEventBus', () => {
  it('forward every call but the overridden ones', async () => {
    const store = new InMemoryEventStore();
    const appended: string[] = [];
    const wrapped = overrideEventStore(store, {
      append: (streamId, events, options) => {
        appended.push(streamId);
        return store.append(streamId, events, options);
      },
    });
    const streamId = uniqueStreamId();
    await wrapped.append(streamId, makeEvents(2));
    expect(appended).toEqual([streamId]);
    expect(await collect(wrapped.readStream(streamId))).toHaveLength(2);
    expect(wrapped.capabilities).toBe(store.capabilities);

    const bus = new InMemoryEventBus();
    const published: string[] = [];
    const wrappedBus = overrideEventBus(bus, {
      publish: (topic, message) => {
        published.push(topic);
        return bus.publish(topic, message);
      },
    });
    const received: unknown[] = [];
    await wrappedBus.subscribe('a.b', (message) => void received.push(message.payload));
    await wrappedBus.publish('a.b', { payload: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toEqual(['a.b']);
    expect(received).toEqual([1]);
    await wrappedBus.close();
  });
});
