import { ConnectionFailedError, exponentialBackoff } from '@agenticflow/core';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import { classifyNatsError } from './classify-nats-error.js';
import { describeServers } from './redact-url.js';

/** What {@link connectNats} needs. */
export interface ConnectNatsOptions {
  readonly servers: string | readonly string[];
  readonly connectionOptions: Omit<NodeConnectionOptions, 'servers'>;
  readonly attempts: number;
}

/** Reconnect settings of connections the bus opens, unless the caller sets their own. */
export const DEFAULT_RECONNECT: Partial<NodeConnectionOptions> = {
  // A worker should ride out a broker restart of any length instead of closing its bus.
  maxReconnectAttempts: -1,
  reconnectTimeWait: 1_000,
  timeout: 2_000,
};

const connectBackoff = exponentialBackoff({ initialMs: 250, maxMs: 2_000, jitter: 0.2 });

/**
 * Opens a connection, trying `attempts` times with a growing pause (≈ 0.25 s, 0.5 s, 1 s, 2 s…),
 * then throws a retryable `CONNECTION_FAILED` naming the (redacted) servers and the last cause.
 */
export async function connectNats(options: ConnectNatsOptions): Promise<NatsConnection> {
  const servers = typeof options.servers === 'string' ? [options.servers] : [...options.servers];
  const described = describeServers(servers);
  let lastError: unknown;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      return await connect({ ...DEFAULT_RECONNECT, ...options.connectionOptions, servers });
    } catch (error) {
      lastError = error;
      const classified = classifyNatsError(error, { action: 'connect', servers: described });
      if (!classified.retryable) throw classified;
      if (attempt < options.attempts) {
        await new Promise((resolve) => setTimeout(resolve, connectBackoff(attempt)));
      }
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new ConnectionFailedError(
    `could not connect to NATS at ${described} after ${options.attempts} attempts (${reason}): check that nats-server is running there with JetStream (-js), or raise connectAttempts`,
    { cause: lastError, details: { servers: described, attempts: options.attempts } },
  );
}
