import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfigurationError,
  type EventBus,
  InMemoryEventBus,
  InMemoryEventStore,
} from '@agenticflow/core';
import { overrideEventStore } from '@agenticflow/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealthCheck, HEALTH_TOPIC, type HealthCheck } from './create-health-check.js';
import { healthHandler } from './health-handler.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(check: HealthCheck): Promise<string> {
  server = createServer(healthHandler(check));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const neverAnswers = () => new Promise<never>(() => {});

describe('createHealthCheck', () => {
  it('is ready when the store reads and the bus accepts the probe', async () => {
    const bus = new InMemoryEventBus();
    const probes: string[] = [];
    await bus.subscribe(HEALTH_TOPIC, (message) => void probes.push(message.topic));
    const health = createHealthCheck({ store: new InMemoryEventStore(), bus });
    const report = await health.readiness();
    expect(report.status).toBe('ok');
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['store', 'ok'],
      ['bus', 'ok'],
    ]);
    for (const check of report.checks) expect(check.durationMs).toBeGreaterThanOrEqual(0);
    expect(await health.liveness()).toMatchObject({
      status: 'ok',
      checks: [{ name: 'process', status: 'ok' }],
    });
    await bus.close();
  });

  it('fails readiness with the error of a closed bus', async () => {
    const bus = new InMemoryEventBus();
    await bus.close();
    const report = await createHealthCheck({ store: new InMemoryEventStore(), bus }).readiness();
    expect(report.status).toBe('fail');
    expect(report.checks[1]).toMatchObject({
      name: 'bus',
      status: 'fail',
      error: expect.stringMatching(/closed/),
    });
  });

  it('fails a check that does not answer within the timeout, and redacts secrets from errors', async () => {
    const store = overrideEventStore(new InMemoryEventStore(), {
      readStream: () => ({
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.reject(new Error('auth failed for pw-3141592')),
        }),
      }),
    });
    const slowBus = { publish: neverAnswers } as unknown as EventBus;
    const report = await createHealthCheck({
      store,
      bus: slowBus,
      timeoutMs: 50,
      secrets: ['pw-3141592'],
    }).readiness();
    expect(report.status).toBe('fail');
    expect(report.checks[0]).toMatchObject({
      name: 'store',
      status: 'fail',
      error: 'auth failed for [REDACTED]',
    });
    expect(report.checks[1]).toMatchObject({
      name: 'bus',
      status: 'fail',
      error: 'bus did not answer within 50 ms',
    });
    expect(report.checks[1]!.durationMs).toBeGreaterThanOrEqual(45);
  });

  it('uses the ping of a bus that has one, or the probe given', async () => {
    let pinged = 0;
    const bus = { publish: neverAnswers, ping: async () => void pinged++ } as unknown as EventBus;
    const store = new InMemoryEventStore();
    expect((await createHealthCheck({ store, bus }).readiness()).status).toBe('ok');
    expect(pinged).toBe(1);
    const custom = createHealthCheck({
      store,
      bus,
      busProbe: async () => Promise.reject(new Error('down')),
    });
    expect((await custom.readiness()).checks[1]).toMatchObject({ status: 'fail', error: 'down' });
  });

  it('refuses bad options', () => {
    const store = new InMemoryEventStore();
    expect(() => createHealthCheck({ store, timeoutMs: -1 })).toThrow(
      /timeoutMs must be a positive integer of milliseconds, got -1/,
    );
    expect(() => createHealthCheck({ store: null as never })).toThrow(ConfigurationError);
    expect(() => createHealthCheck({ store, bus: 'nats://x' as never })).toThrow(
      /bus must be an EventBus, got "nats:\/\/x"/,
    );
  });
});

describe('healthHandler', () => {
  it('serves /healthz and /readyz as JSON with 200 or 503', async () => {
    const bus = new InMemoryEventBus();
    const url = await serve(createHealthCheck({ store: new InMemoryEventStore(), bus }));
    const live = await fetch(`${url}/healthz`);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await live.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await bus.close();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'fail',
      checks: [
        { name: 'store', status: 'ok' },
        { name: 'bus', status: 'fail' },
      ],
    });
  });

  it('answers 404 to other paths and 405 to other methods', async () => {
    const url = await serve(createHealthCheck({ store: new InMemoryEventStore() }));
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const post = await fetch(`${url}/readyz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
