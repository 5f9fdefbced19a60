import { AbortedError } from '@agenticflow/core';
import type { Connector, ResolvedAddress } from './pinned-connection.js';
import type { CheckedUrl } from './url-policy.js';

/** One HTTP exchange, without redirects. */
export interface FetchOnceResult {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly truncated: boolean;
}

/** Options of {@link fetchOnce}. */
export interface FetchOnceOptions {
  readonly target: CheckedUrl;
  readonly address: ResolvedAddress;
  readonly connector: Connector;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly maxBytes: number;
  readonly signal: AbortSignal;
}

/**
 * Sends one request over a connection the connector opens to the pinned address and reads at most
 * `maxBytes` of the body (then stops reading and closes the connection).
 */
export async function fetchOnce(options: FetchOnceOptions): Promise<FetchOnceResult> {
  const { target } = options;
  // Loaded on first use: node:http (with net) is slow to load.
  const { request } = await import('node:http');
  const socket = await options.connector({
    ...options.address,
    port: target.port,
    hostname: target.hostname,
    tls: target.tls,
  });
  return new Promise<FetchOnceResult>((resolve, reject) => {
    if (options.signal.aborted) {
      socket.destroy();
      reject(new AbortedError('the fetch was aborted', { cause: options.signal.reason }));
      return;
    }
    const req = request({
      method: options.method,
      host: target.hostname,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      headers: options.headers,
      // With createConnection and no agent, Node uses this socket and never resolves the name.
      createConnection: () => socket as never,
    });
    const onAbort = () =>
      req.destroy(
        options.signal.reason instanceof Error
          ? options.signal.reason
          : new AbortedError('the fetch was aborted'),
      );
    options.signal.addEventListener('abort', onAbort, { once: true });
    const finish = () => options.signal.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      finish();
      reject(error);
    });
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const done = () => {
        finish();
        const headers: Record<string, string> = {};
        for (const [key, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          headers,
          body: Buffer.concat(chunks, Math.min(size, options.maxBytes)),
          truncated,
        });
      };
      response.on('data', (chunk: Buffer) => {
        if (truncated) return;
        const room = options.maxBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size += room;
          truncated = true;
          done();
          req.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => {
        if (!truncated) done();
      });
      response.on('error', (error) => {
        if (truncated) return;
        finish();
        reject(error);
      });
    });
    req.end(options.body);
  });
}
