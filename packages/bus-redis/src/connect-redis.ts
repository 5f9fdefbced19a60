import { ConnectionFailedError } from '@agenticflow/core';
import { Redis, type RedisOptions } from 'ioredis';
import { redactUrl } from './redact-url.js';
import type { ResolvedRedisEventBusOptions } from './redis-event-bus-options.js';

/** The connections of one bus: the command connection, and a factory of blocking readers. */
export interface RedisConnections {
  readonly command: Redis;
  /** Whether the bus created `command` (and so closes it). */
  readonly owned: boolean;
  /** The server, for messages: the URL without its password, or host:port of a given client. */
  readonly server: string;
  /** A new connection for one blocking reader loop; the bus always owns and closes it. */
  newReader(): Redis;
}

// A client you pass gets this long to become ready before the bus gives up.
const CLIENT_READY_TIMEOUT_MS = 10_000;

/** Reconnect delay: 100 ms doubling to 2 s. */
function reconnectDelay(times: number): number {
  return Math.min(100 * 2 ** Math.min(times - 1, 5), 2_000);
}

/**
 * The name (`CLIENT SETNAME`) of a bus's blocking readers, so `CLIENT LIST` shows whose they are.
 * Key prefixes never contain spaces or line breaks, which names may not.
 */
function readerName(keyPrefix: string): string {
  return `agenticflow-bus-reader@${keyPrefix}`;
}

/** Describes a client's server without credentials. */
export function describeClient(client: Redis): string {
  const { host, port, db, path } = client.options;
  return path ? `unix:${path}` : `redis://${host ?? '127.0.0.1'}:${port ?? 6379}/${db ?? 0}`;
}

/**
 * Opens the command connection: from a URL with `connectAttempts` bounded retries, then retrying
 * for ever once it has been up; or a client the user owns, waiting until it is ready.
 */
export async function openConnections(
  options: ResolvedRedisEventBusOptions,
): Promise<RedisConnections> {
  if (options.client) {
    const client = options.client;
    const server = describeClient(client);
    await waitUntilReady(client, server);
    return {
      command: client,
      owned: false,
      server,
      newReader: () => {
        // The duplicate keeps the client's protocol and reply mapping.
        const reader = client.duplicate({
          lazyConnect: false,
          connectionName: readerName(options.keyPrefix),
          maxRetriesPerRequest: null,
          enableOfflineQueue: true,
          commandTimeout: undefined,
          socketTimeout: undefined,
        });
        reader.on('error', () => {});
        return reader;
      },
    };
  }
  const url = options.url!;
  const server = redactUrl(url);
  const command = await connectWithRetries(url, server, options);
  return {
    command,
    owned: true,
    server,
    newReader: () => {
      const reader = new Redis(url, {
        connectionName: readerName(options.keyPrefix),
        protocol: options.protocol,
        maxRetriesPerRequest: null,
        enableOfflineQueue: true,
        retryStrategy: reconnectDelay,
      });
      // Failures surface through the commands; without a listener ioredis logs each retry.
      reader.on('error', () => {});
      return reader;
    },
  };
}

async function connectWithRetries(
  url: string,
  server: string,
  options: ResolvedRedisEventBusOptions,
): Promise<Redis> {
  let everReady = false;
  let attempts = 0;
  let lastError: unknown;
  const redisOptions: RedisOptions = {
    lazyConnect: true,
    connectionName: `agenticflow-bus@${options.keyPrefix}`,
    protocol: options.protocol,
    // Concurrent publishes go out in one write per event-loop turn instead of one each.
    enableAutoPipelining: true,
    maxRetriesPerRequest: options.maxRetriesPerRequest,
    enableOfflineQueue: true,
    retryStrategy: (times) => {
      if (!everReady && times >= options.connectAttempts) return null;
      return reconnectDelay(times);
    },
  };
  const client = new Redis(url, redisOptions);
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  client.on('connecting', () => {
    if (!everReady) attempts++;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => {
        everReady = true;
        resolve();
      });
      client.once('end', () => {
        const reason = lastError instanceof Error ? lastError.message : 'connection closed';
        reject(
          new ConnectionFailedError(
            `could not connect to Redis at ${server} after ${attempts} attempts (${reason}): check that Redis is running and the URL is right, or raise connectAttempts`,
            { cause: lastError, details: { server, attempts } },
          ),
        );
      });
      client.connect().catch(() => {
        // The 'end' event (no retries left) or a later 'ready' decides.
      });
    });
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}

async function waitUntilReady(client: Redis, server: string): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'end' || client.status === 'close') {
    throw new ConnectionFailedError(
      `the Redis client for ${server} is closed (status "${client.status}"): pass a connected client or a url`,
      { details: { server, status: client.status } },
    );
  }
  if (client.status === 'wait') client.connect().catch(() => {});
  let lastError: unknown;
  const onError = (error: unknown) => {
    lastError = error;
  };
  let onReady: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  client.on('error', onError);
  try {
    await new Promise<void>((resolve, reject) => {
      onReady = resolve;
      client.once('ready', onReady);
      timer = setTimeout(() => {
        const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
        reject(
          new ConnectionFailedError(
            `the Redis client for ${server} was not ready within ${CLIENT_READY_TIMEOUT_MS} ms${reason}: check that Redis is running`,
            { cause: lastError, details: { server, status: client.status } },
          ),
        );
      }, CLIENT_READY_TIMEOUT_MS);
    });
  } finally {
    clearTimeout(timer);
    if (onReady) client.off('ready', onReady);
    client.off('error', onError);
  }
}
