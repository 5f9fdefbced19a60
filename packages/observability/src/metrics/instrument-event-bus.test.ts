import { deadLetterTopic, InMemoryEventBus } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { metricValue } from '../../test/metric-values.js';
import { type InstrumentedEventBus, instrumentEventBus } from './instrument-event-bus.js';

const buses: InstrumentedEventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

function setup(maxLabelValues?: number) {
  const registry = new Registry();
  const bus = instrumentEventBus(new InMemoryEventBus(), {
    registry,
    ...(maxLabelValues ? { maxLabelValues } : {}),
  });
  buses.push(bus);
  return {
    bus,
    registry,
    value: (name: string, labels: Record<string, string>) => metricValue(registry, name, labels),
  };
}

describe('instrumentEventBus', () => {
  it('counts published and acknowledged messages by topic family', async () => {
    const { bus, value } = setup();
    const seen: string[] = [];
    await bus.subscribe('task.>', (message) => {
      seen.push(message.topic);
    });
    await bus.publish('task.summarise', { payload: 1 });
    await bus.publish('task.review.deep', { payload: 2 });
    await waitFor(() => seen.length === 2);
    expect(await value('agenticflow_bus_messages_published_total', { family: 'task' })).toBe(2);
    await waitFor(
      async () =>
        (await value('agenticflow_bus_messages_handled_total', {
          family: 'task',
          outcome: 'acked',
        })) === 2,
    );
  });

  it('counts redeliveries, failures and the dead letter of a failing message', async () => {
    const { bus, value } = setup();
    const dead: unknown[] = [];
    await bus.subscribe(deadLetterTopic('job.doomed'), (message) => {
      dead.push(message.payload);
    });
    await bus.subscribe(
      'job.doomed',
      () => {
        throw new Error('always');
      },
      { maxDeliveries: 3, backoff: () => 5 },
    );
    await bus.publish('job.doomed', { payload: null });
    await waitFor(() => dead.length === 1);
    expect(await value('agenticflow_bus_redeliveries_total', { family: 'job' })).toBe(2);
    expect(
      await value('agenticflow_bus_messages_handled_total', { family: 'job', outcome: 'failed' }),
    ).toBe(3);
    expect(await value('agenticflow_bus_dead_letters_total', { family: 'job' })).toBe(1);
  });

  it('does not count a dead letter when the last attempt succeeds', async () => {
    const { bus, value } = setup();
    let attempts = 0;
    await bus.subscribe(
      'job.flaky',
      () => {
        attempts++;
        if (attempts < 2) throw new Error('once');
      },
      { maxDeliveries: 2, backoff: () => 5 },
    );
    await bus.publish('job.flaky', { payload: null });
    await waitFor(
      async () =>
        (await value('agenticflow_bus_messages_handled_total', {
          family: 'job',
          outcome: 'acked',
        })) === 1,
    );
    expect(await value('agenticflow_bus_redeliveries_total', { family: 'job' })).toBe(1);
    expect(await value('agenticflow_bus_dead_letters_total', { family: 'job' })).toBe(0);
  });

  it('caps topic families', async () => {
    const { bus, value } = setup(1);
    await bus.publish('alpha.x', { payload: 1 });
    await bus.publish('beta.x', { payload: 1 });
    expect(await value('agenticflow_bus_messages_published_total', { family: 'alpha' })).toBe(1);
    expect(await value('agenticflow_bus_messages_published_total', { family: 'other' })).toBe(1);
  });

  it('forwards capabilities and refuses what is not a bus', () => {
    const inner = new InMemoryEventBus();
    const bus = instrumentEventBus(inner);
    buses.push(bus);
    expect(bus.capabilities).toBe(inner.capabilities);
    expect(bus.registry.getSingleMetric('agenticflow_bus_dead_letters_total')).toBeDefined();
    expect(() => instrumentEventBus({} as never)).toThrow(
      /instrumentEventBus needs an EventBus, got/,
    );
    expect(() => instrumentEventBus(inner, { registry: bus.registry })).toThrow(
      /already been registered/,
    );
  });
});
