import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { metricsHandler } from './metrics-handler.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(registry: Registry): Promise<string> {
  server = createServer(metricsHandler(registry));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('metricsHandler', () => {
  it('serves the text exposition with the Prometheus content type', async () => {
    const registry = new Registry();
    new Counter({ name: 'demo_things_total', help: 'Things.', registers: [registry] }).inc(3);
    const url = await serve(registry);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('# HELP demo_things_total Things.');
    expect(body).toContain('demo_things_total 3');
  });

  it('answers 405 to other methods', async () => {
    const url = await serve(new Registry());
    const response = await fetch(`${url}/metrics`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses what is not a registry', () => {
    expect(() => metricsHandler(undefined as never)).toThrow(
      /needs a prom-client Registry, got undefined/,
    );
  });
});
