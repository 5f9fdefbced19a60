import { ConfigurationError, describeValue } from '@agenticflow/core';
import type { HttpHandler } from '../metrics/metrics-handler.js';
import type { HealthCheck, HealthReport } from './create-health-check.js';

/**
 * An `http` request listener serving `GET /healthz` (liveness) and `GET /readyz` (readiness) as
 * JSON reports: `200` when the status is `ok`, `503` when it is `fail`. Other paths get `404`,
 * other methods `405`.
 *
 * @example
 * ```ts
 * http.createServer(healthHandler(createHealthCheck({ store, bus }))).listen(8080);
 * ```
 */
export function healthHandler(check: HealthCheck): HttpHandler {
  if (typeof check !== 'object' || check === null || typeof check.readiness !== 'function') {
    throw new ConfigurationError(
      `healthHandler needs the result of createHealthCheck, got ${describeValue(check)}`,
    );
  }
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const probe =
      path === '/healthz' ? check.liveness : path === '/readyz' ? check.readiness : undefined;
    if (!probe) {
      send(response, 404, { error: `no health endpoint at ${path}: use /healthz or /readyz` });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      send(response, 405, { error: `method ${request.method ?? '(none)'} not allowed: use GET` });
      return;
    }
    probe.call(check).then(
      (report: HealthReport) => send(response, report.status === 'ok' ? 200 : 503, report),
      (error: unknown) =>
        send(response, 503, {
          status: 'fail',
          checks: [],
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  };
}

function send(response: Parameters<HttpHandler>[1], status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(`${JSON.stringify(body)}\n`);
}
