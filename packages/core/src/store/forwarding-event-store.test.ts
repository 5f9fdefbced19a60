import { describe, expect, it } from 'vitest';
import { collect } from '../util/collect.js';
import type { EventStore } from './event-store.js';
import { ForwardingEventStore } from './forwarding-event-store.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

class CountingStore extends ForwardingEventStore {
  appends = 0;
  override append(...args: Parameters<EventStore['append']>) {
    this.appends++;
    return super.append(...args);
  }
}

describe('ForwardingEventStore', () => {
  it('passes every call to the inner store, and a subclass overrides only what it changes', async () => {
    const inner = new InMemoryEventStore();
    const store = new CountingStore(inner);
    await store.append('order-1', [{ type: 'order.placed', data: { id: 1 } }]);
    await store.saveSnapshot('order-1', { version: 1, state: { id: 1 } });
    expect(store.appends).toBe(1);
    expect(store.capabilities).toBe(inner.capabilities);
    expect((await collect(store.readStream('order-1'))).map((event) => event.type)).toEqual([
      'order.placed',
    ]);
    expect((await collect(inner.readAll())).length).toBe(1);
    expect(await store.loadSnapshot('order-1')).toMatchObject({ version: 1, state: { id: 1 } });
    expect(await store.deleteStream('order-1')).toBe(true);
    await store.close();
    await expect(inner.append('order-2', [{ type: 'x.y', data: null }])).rejects.toMatchObject({
      code: 'CLOSED',
    });
  });
});
