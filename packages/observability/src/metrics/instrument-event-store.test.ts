import { collect, InMemoryEventStore } from '@agenticflow/core';
import { makeEvents } from '@agenticflow/core/testing';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { histogramSeries } from '../../test/metric-values.js';
import { instrumentEventStore } from './instrument-event-store.js';

describe('instrumentEventStore', () => {
  it('times appends by outcome and forwards everything else to the store', async () => {
    const registry = new Registry();
    const store = instrumentEventStore(new InMemoryEventStore(), { registry });
    await store.append('order-1', makeEvents(2, 'order.placed'), { expectedVersion: 'no_stream' });
    await store.append('order-1', makeEvents(1, 'order.paid'), { expectedVersion: 2 });
    await expect(
      store.append('order-1', makeEvents(1, 'order.paid'), { expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'EXPECTED_VERSION_CONFLICT' });
    await expect(store.append('', makeEvents(1, 'x.y'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });

    const name = 'agenticflow_store_append_duration_seconds';
    const ok = await histogramSeries(registry, name, { outcome: 'ok' });
    expect(ok.count).toBe(2);
    expect(ok.sum).toBeGreaterThan(0);
    expect((await histogramSeries(registry, name, { outcome: 'conflict' })).count).toBe(1);
    expect((await histogramSeries(registry, name, { outcome: 'error' })).count).toBe(1);

    const read = await collect(store.readStream('order-1'));
    expect(read.map((event) => event.type)).toEqual(['order.placed', 'order.placed', 'order.paid']);
    expect(store.capabilities).toBe(store.inner.capabilities);
    await store.close();
  });

  it('refuses something that is not a store, and a second registration of its metrics', () => {
    expect(() => instrumentEventStore({} as never)).toThrow(/needs an EventStore, got/);
    const registry = new Registry();
    instrumentEventStore(new InMemoryEventStore(), { registry });
    expect(() => instrumentEventStore(new InMemoryEventStore(), { registry })).toThrow(
      /cannot register the store metrics with prefix 'agenticflow_'/,
    );
  });
});
