import { AgenticFlowError, ConnectionFailedError, isAgenticFlowError } from '@agenticflow/core';

/** What a native ioredis or Redis error means to the bus. */
export type RedisErrorKind =
  /** `XGROUP CREATE` lost the race to another member: the group exists, which is what we wanted. */
  | 'busygroup'
  /** The consumer group or its stream is gone (deleted, evicted, or lost in a non-durable restart). */
  | 'nogroup'
  /** The server could not be reached, the connection dropped, or it cannot serve right now. */
  | 'connection'
  /** Anything else: a bug or a server refusing the command. */
  | 'other';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// Reply prefixes of a server that is alive but cannot serve the command yet: retrying may work.
const UNAVAILABLE_REPLIES = ['LOADING', 'READONLY', 'MASTERDOWN', 'TRYAGAIN', 'CLUSTERDOWN'];
const CONNECTION_MESSAGES = [
  'Connection is closed',
  'Reached the max retries per request limit',
  'Command timed out',
  "Stream isn't writeable",
  'Socket closed unexpectedly',
];

/** Classifies an error thrown by ioredis. */
export function classifyRedisError(error: unknown): RedisErrorKind {
  if (isAgenticFlowError(error)) return error.code === 'CONNECTION_FAILED' ? 'connection' : 'other';
  if (!(error instanceof Error)) return 'other';
  const message = error.message;
  if (message.startsWith('BUSYGROUP')) return 'busygroup';
  if (message.startsWith('NOGROUP')) return 'nogroup';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return 'connection';
  if (error.name === 'MaxRetriesPerRequestError') return 'connection';
  if (UNAVAILABLE_REPLIES.some((prefix) => message.startsWith(prefix))) return 'connection';
  if (CONNECTION_MESSAGES.some((text) => message.includes(text))) return 'connection';
  return 'other';
}

/**
 * Maps an ioredis error to the core error callers branch on: `CONNECTION_FAILED` (retryable)
 * naming the server, or `INTERNAL` with the Redis reply. `what` says what was being done.
 */
export function toBusError(error: unknown, server: string, what: string): AgenticFlowError {
  if (isAgenticFlowError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  if (classifyRedisError(error) === 'connection') {
    return new ConnectionFailedError(
      `Redis at ${server} failed while ${what}: ${reason}. Check that the server is up and reachable, then retry`,
      { cause: error, details: { server } },
    );
  }
  return new AgenticFlowError('INTERNAL', `Redis at ${server} refused ${what}: ${reason}`, {
    cause: error,
    details: { server },
  });
}
