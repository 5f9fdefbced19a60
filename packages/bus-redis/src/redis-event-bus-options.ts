import {
  ConfigurationError,
  DEFAULT_MAX_MESSAGE_BYTES,
  describeValue,
  type IdGenerator,
} from '@agenticflow/core';
import type { Redis } from 'ioredis';
import { redactUrl } from './redact-url.js';

/**
 * How long the bus keeps messages. Each bus trims a stream every 500 of its appends to it (or a
 * second after its last trim) with `XTRIM … ~`, approximately, in whole stream nodes, whether or
 * not every group has read the trimmed messages.
 */
export type RedisStreamRetention =
  /** Keep about the last `maxLength` messages of each stream. */
  | { readonly maxLength: number }
  /** Keep messages for about `maxAgeMs` milliseconds (by entry id, that is the server's clock). */
  | { readonly maxAgeMs: number }
  /** Never trim; something else must (or the server runs out of memory). */
  | 'unbounded';

/**
 * What to do when the server may lose accepted messages: append-only file off, or an eviction
 * policy that may evict the stream.
 */
export type RedisDurability = 'require' | 'warn' | 'ignore';

/** A version of the Redis serialization protocol: RESP2 or RESP3. */
export type RespVersion = 2 | 3;

/** Where a background failure happened, for `onError`. */
export interface RedisBusErrorContext {
  /** What the bus was doing. */
  readonly what: string;
  /** The message's topic, or the subscription's pattern. */
  readonly topic?: string;
  readonly messageId?: string;
}

/** Options of {@link RedisEventBus}. Give `url` or `client`. */
export interface RedisEventBusOptions {
  /** Redis URL, such as `redis://:password@host:6379/0` or `rediss://…`. The bus owns the connections. */
  readonly url?: string;
  /**
   * A connected (or lazily connecting) ioredis client you own (ioredis 6, with `protocol` 2 or 3
   * and either `replyMapping`). The bus publishes through it and `duplicate()`s it for each
   * blocking reader, so the readers speak its protocol; `close()` never closes it.
   */
  readonly client?: Redis | Redis<'resp3'>;
  /**
   * The protocol of the connections the bus opens from `url`: `3` (RESP3) or `2` (RESP2). The bus
   * refuses to start when the connection does not speak it (a server or proxy that refuses
   * `HELLO 3`). A client you pass speaks its own protocol: set it there instead.
   * @defaultValue 3
   */
  readonly protocol?: RespVersion;
  /**
   * Prefix of every key of this bus. Buses with the same prefix on the same server see each
   * other's messages; different prefixes isolate them.
   * @defaultValue 'agenticflow'
   */
  readonly keyPrefix?: string;
  /**
   * First topic tokens that get a stream of their own (such as `['task', 'notify']`), so their
   * readers skip every other topic. Every bus sharing a prefix must list the same partitions.
   * @defaultValue [] (one stream per bus)
   */
  readonly partitions?: readonly string[];
  /**
   * How much each stream keeps. A group further behind than this loses the trimmed messages.
   * @defaultValue { maxLength: 100_000 }
   */
  readonly retention?: RedisStreamRetention;
  /**
   * `'require'` refuses to start unless Redis has `appendonly yes` and a non-evicting memory
   * policy; `'warn'` starts anyway and warns through `onWarning`; `'ignore'` skips the check.
   * @defaultValue 'warn'
   */
  readonly durability?: RedisDurability;
  /**
   * Largest payload plus headers, in UTF-8 bytes of their JSON.
   * @defaultValue 1 MiB
   */
  readonly maxMessageBytes?: number;
  /**
   * Entries a plain subscription reads per `XREADGROUP` and buffers. Group members read only as
   * many as they have free handler slots, so a slow member never holds work another could do.
   * @defaultValue 100
   */
  readonly readBatch?: number;
  /**
   * Connection attempts when the bus starts (URL mode) before it gives up with
   * `CONNECTION_FAILED`. Once connected, connections retry for ever.
   * @defaultValue 5
   */
  readonly connectAttempts?: number;
  /**
   * Reconnection attempts a publish waits through before failing with `CONNECTION_FAILED`
   * (URL mode; a client you pass keeps its own setting).
   * @defaultValue 5
   */
  readonly maxRetriesPerRequest?: number;
  /**
   * Publishes that may wait for a connection at once; more fail at once with `CONNECTION_FAILED`.
   * @defaultValue 1000
   */
  readonly maxOfflineQueue?: number;
  /** Generates ids of messages published without one. @defaultValue UUIDv7 */
  readonly newId?: IdGenerator;
  /**
   * Receives failures with no caller to go to: a dead letter's own handler failing every attempt,
   * a message another program wrote to the stream, background read or ack errors.
   * @defaultValue emits a process warning
   */
  readonly onError?: (error: unknown, context: RedisBusErrorContext) => void;
  /** Receives the durability warning. @defaultValue emits a process warning */
  readonly onWarning?: (message: string) => void;
}

/** {@link RedisEventBusOptions} with defaults filled in and checked. */
export interface ResolvedRedisEventBusOptions {
  readonly url: string | undefined;
  /** The client you passed; the bus reads its replies in any of their shapes (redis-replies.ts). */
  readonly client: Redis | undefined;
  /** The protocol to open `url` connections with; undefined with a client you passed. */
  readonly protocol: RespVersion | undefined;
  readonly keyPrefix: string;
  readonly partitions: readonly string[];
  readonly retention: RedisStreamRetention;
  readonly durability: RedisDurability;
  readonly maxMessageBytes: number;
  readonly readBatch: number;
  readonly connectAttempts: number;
  readonly maxRetriesPerRequest: number;
  readonly maxOfflineQueue: number;
}

const PREFIX = /^[A-Za-z0-9_\-:.{}]{1,100}$/;
const TOKEN = /^[A-Za-z0-9_\-$:]+$/;

/** Validates options, throwing `INVALID_CONFIGURATION` with the offending value and what to do. */
export function resolveRedisEventBusOptions(
  options: RedisEventBusOptions,
): ResolvedRedisEventBusOptions {
  if (typeof options !== 'object' || options === null)
    fail(`options must be an object such as { url }, got ${describeValue(options)}`);
  const { url, client } = options;
  if ((url === undefined) === (client === undefined))
    fail('give exactly one of url (such as "redis://127.0.0.1:6379") or client (an ioredis Redis)');
  if (url !== undefined && !(typeof url === 'string' && /^rediss?:\/\//.test(url)))
    fail(
      `url must start with redis:// or rediss://, got ${typeof url === 'string' ? redactUrl(url) : describeValue(url)}`,
    );
  if (client !== undefined && typeof (client as Partial<Redis>).duplicate !== 'function')
    fail(`client must be an ioredis Redis client, got ${describeValue(client)}`);
  if (client !== undefined && options.protocol !== undefined)
    fail(
      `protocol applies to the connections the bus opens from a url; a client you pass speaks its own: create it with new Redis({ protocol: ${describeValue(options.protocol)} }) instead`,
    );
  const protocol = client === undefined ? (options.protocol ?? 3) : undefined;
  if (protocol !== undefined && protocol !== 2 && protocol !== 3)
    fail(`protocol must be 2 (RESP2) or 3 (RESP3), got ${describeValue(options.protocol)}`);
  // ioredis prefixes only the keys it can locate in a command, which misses stream keys in some.
  if (client?.options.keyPrefix)
    fail(
      `client has the ioredis keyPrefix ${JSON.stringify(client.options.keyPrefix)}: pass a client without one and set the bus's keyPrefix option instead`,
    );
  const keyPrefix = options.keyPrefix ?? 'agenticflow';
  if (typeof keyPrefix !== 'string' || !PREFIX.test(keyPrefix))
    fail(
      `keyPrefix must be 1-100 letters, digits or _-:.{}, got ${describeValue(options.keyPrefix)}`,
    );
  const partitions = options.partitions ?? [];
  if (
    !Array.isArray(partitions) ||
    partitions.some((token) => typeof token !== 'string' || !TOKEN.test(token))
  )
    fail(
      `partitions must be first topic tokens such as ["task"], got ${JSON.stringify(partitions)}`,
    );
  return {
    url,
    // A resp3-mapping client differs from a legacy one only in reply shapes, which redis-replies.ts
    // reads in both forms.
    client: client as Redis | undefined,
    protocol,
    keyPrefix,
    partitions: [...new Set(partitions)],
    retention: checkRetention(options.retention ?? { maxLength: 100_000 }),
    durability: checkDurability(options.durability ?? 'warn'),
    maxMessageBytes: positiveInteger(
      options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      'maxMessageBytes',
    ),
    readBatch: positiveInteger(options.readBatch ?? 100, 'readBatch'),
    connectAttempts: positiveInteger(options.connectAttempts ?? 5, 'connectAttempts'),
    maxRetriesPerRequest: positiveInteger(
      options.maxRetriesPerRequest ?? 5,
      'maxRetriesPerRequest',
    ),
    maxOfflineQueue: positiveInteger(options.maxOfflineQueue ?? 1000, 'maxOfflineQueue'),
  };
}

function checkRetention(retention: RedisStreamRetention): RedisStreamRetention {
  if (retention === 'unbounded') return retention;
  if (typeof retention === 'object' && retention !== null) {
    if ('maxLength' in retention) positiveInteger(retention.maxLength, 'retention.maxLength');
    else if ('maxAgeMs' in retention) positiveInteger(retention.maxAgeMs, 'retention.maxAgeMs');
    else
      fail(
        `retention must be { maxLength }, { maxAgeMs } or 'unbounded', got an object without either`,
      );
    return retention;
  }
  return fail(
    `retention must be { maxLength }, { maxAgeMs } or 'unbounded', got ${describeValue(retention)}`,
  );
}

function checkDurability(value: unknown): RedisDurability {
  if (value === 'require' || value === 'warn' || value === 'ignore') return value;
  return fail(`durability must be 'require', 'warn' or 'ignore', got ${describeValue(value)}`);
}

function positiveInteger(value: unknown, name: string): number {
  if (!(Number.isSafeInteger(value) && (value as number) >= 1))
    fail(`${name} must be an integer >= 1, got ${describeValue(value)}`);
  return value as number;
}

function fail(message: string): never {
  throw new ConfigurationError(`invalid RedisEventBus options: ${message}`);
}
