import { afterAll, describe, expect, it } from 'vitest';
import type { BusMessage } from '../bus/event-bus.js';
import { InMemoryEventBus } from '../bus/in-memory-event-bus.js';
import { otelApi } from './otel-api.js';

const KEY = Symbol.for('opentelemetry.js.api.1');

describe('otelApi', () => {
  afterAll(async () => {
    const { trace } = await import('@opentelemetry/api');
    trace.disable();
  });

  it('is undefined, and the bus adds no trace headers, while nothing registered the OpenTelemetry API', async () => {
    expect((globalThis as Record<symbol, unknown>)[KEY]).toBe(undefined);
    expect(otelApi()).toBe(undefined);
    const bus = new InMemoryEventBus();
    const seen: BusMessage[] = [];
    await bus.subscribe('a.b', (message) => {
      seen.push(message);
    });
    await bus.publish('a.b', { payload: 1 });
    await bus.close();
    expect(seen.map((message) => message.headers)).toEqual([{}]);
  });

  it('loads the API once a tracer provider is registered', async () => {
    const api = await import('@opentelemetry/api');
    expect(otelApi()).toBe(undefined);
    api.trace.setGlobalTracerProvider(new api.ProxyTracerProvider());
    const loaded = otelApi();
    expect(typeof loaded?.trace.getTracer).toBe('function');
    expect(otelApi()).toBe(loaded);
  });
});
