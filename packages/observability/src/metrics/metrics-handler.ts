import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationError, describeValue } from '@agenticflow/core';
import type { Registry } from 'prom-client';

/** A Node `http` request listener. */
export type HttpHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * An `http` request listener serving `registry` in the Prometheus text format to `GET` and `HEAD`
 * (whatever the path: mount it where you want), and `405` to any other method.
 *
 * @example
 * ```ts
 * http.createServer(metricsHandler(registry)).listen(9464, '127.0.0.1');
 * ```
 */
export function metricsHandler(registry: Registry): HttpHandler {
  if (typeof registry !== 'object' || registry === null || typeof registry.metrics !== 'function') {
    throw new ConfigurationError(
      `metricsHandler needs a prom-client Registry, got ${describeValue(registry)}: pass the registry of createEventMetrics or instrumentEventBus`,
    );
  }
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end(`method ${request.method ?? '(none)'} not allowed: use GET\n`);
      return;
    }
    registry.metrics().then(
      (body) => {
        response.writeHead(200, {
          'content-type': registry.contentType,
          'cache-control': 'no-store',
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(
          `collecting metrics failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      },
    );
  };
}
