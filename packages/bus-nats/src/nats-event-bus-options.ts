import {
  type BusErrorReporter,
  ConfigurationError,
  DEFAULT_MAX_MESSAGE_BYTES,
  describeValue,
  type IdGenerator,
} from '@agenticflow/core';
import type { NatsConnection } from '@nats-io/nats-core';
import type { NodeConnectionOptions } from '@nats-io/transport-node';

/** What the bus does when it cannot show that JetStream fsyncs every write before acknowledging it. */
export type NatsDurableMode = 'off' | 'warn' | 'require';

/** Options of {@link createNatsEventBus}. Give `connection` or `servers`. */
export interface NatsEventBusOptions {
  /**
   * A connection you own. The bus uses it and never closes it; its reconnect settings are yours.
   * Give this or `servers`.
   */
  readonly connection?: NatsConnection;
  /**
   * Server URL(s) for a connection the bus opens and closes, such as `nats://127.0.0.1:4222` or
   * `nats://user:password@host:4222`. Passwords never appear in errors.
   */
  readonly servers?: string | readonly string[];
  /**
   * More options for the connection the bus opens: credentials, TLS, `name`, and reconnect
   * settings, which default to reconnecting forever every second.
   * @defaultValue `{ maxReconnectAttempts: -1, reconnectTimeWait: 1000, timeout: 2000 }`
   */
  readonly connectionOptions?: Omit<NodeConnectionOptions, 'servers'>;
  /**
   * Attempts to connect at start, with a growing pause between them (≈ 0.25 s, 0.5 s, 1 s,
   * 2 s…), before `createNatsEventBus` fails with `CONNECTION_FAILED` naming the servers.
   * @defaultValue 5
   */
  readonly connectAttempts?: number;
  /**
   * Names the JetStream stream and the subject root: topic `a.b` is stored on subject
   * `<streamPrefix>.a.b`, and topics starting with `$` (dead letters) on `<streamPrefix>_SYS.…`.
   * Every process of one application must use the same prefix.
   * @defaultValue 'AGENTICFLOW'
   */
  readonly streamPrefix?: string;
  /**
   * `'limits'` keeps every message until `maxAgeMs` or `maxBytes` removes it, acknowledged or
   * not; `'interest'` removes a message once every consumer (group or subscription) that existed
   * when it was published has acknowledged it, and drops a message that no consumer wanted.
   * Used when the bus creates the stream; an existing stream must have the same retention.
   * @defaultValue 'limits'
   */
  readonly retention?: 'limits' | 'interest';
  /**
   * Oldest message the stream keeps, in milliseconds; 0 for no age limit. A group whose members
   * are away longer than this loses the older messages.
   * @defaultValue 604800000 (7 days)
   */
  readonly maxAgeMs?: number;
  /**
   * Largest size of the stream in bytes, oldest messages removed first; -1 for no limit.
   * @defaultValue -1
   */
  readonly maxBytes?: number;
  /**
   * Window in which a second publish with the same message id is dropped (`duplicate: true`).
   * @defaultValue 120000 (2 minutes)
   */
  readonly duplicateWindowMs?: number;
  /**
   * `'file'` survives restarts of nats-server; `'memory'` does not (and the bus then reports
   * `capabilities.durable` false).
   * @defaultValue 'file'
   */
  readonly storage?: 'file' | 'memory';
  /**
   * Copies of the stream in a NATS cluster (1, 3 or 5).
   * @defaultValue 1
   */
  readonly replicas?: number;
  /**
   * Largest payload plus headers, in bytes of their JSON; lowered to the server's `max_payload`
   * minus 256 bytes for the NATS headers.
   * @defaultValue 1 MiB
   */
  readonly maxMessageBytes?: number;
  /**
   * How long `publish` keeps retrying while the server is unreachable or restarting (each retry
   * carries the same message id, so the stream stores the message once).
   * @defaultValue 10000
   */
  readonly publishTimeoutMs?: number;
  /**
   * `'require'` refuses to start, and `'warn'` emits a process warning, unless the bus can show
   * that every acknowledged publish was fsynced: a file stream on nats-server 2.10 or later whose
   * `/varz` (read from `monitorUrl`) reports `sync_always`. See the README for what each costs.
   * @defaultValue 'off'
   */
  readonly durableMode?: NatsDurableMode;
  /** The server's HTTP monitoring address, such as `http://127.0.0.1:8222`, for `durableMode`. */
  readonly monitorUrl?: string;
  /**
   * Receives failures that have no caller: a dead letter whose own handler failed every attempt,
   * a dead letter that could not be published, a consumer that could not be recreated.
   * @defaultValue emits a process warning
   */
  readonly onError?: BusErrorReporter;
  /** Generates ids of messages published without one. @defaultValue UUIDv7 */
  readonly newId?: IdGenerator;
}

/** {@link NatsEventBusOptions} checked, with defaults filled in. */
export interface ResolvedNatsEventBusOptions {
  readonly connection: NatsConnection | undefined;
  readonly servers: string | readonly string[] | undefined;
  readonly connectionOptions: Omit<NodeConnectionOptions, 'servers'>;
  readonly connectAttempts: number;
  readonly streamPrefix: string;
  readonly retention: 'limits' | 'interest';
  readonly maxAgeMs: number;
  readonly maxBytes: number;
  readonly duplicateWindowMs: number;
  readonly storage: 'file' | 'memory';
  readonly replicas: number;
  readonly maxMessageBytes: number;
  readonly publishTimeoutMs: number;
  readonly durableMode: NatsDurableMode;
  readonly monitorUrl: string | undefined;
  readonly onError: BusErrorReporter | undefined;
  readonly newId: IdGenerator | undefined;
}

const PREFIX = /^[A-Za-z0-9_-]{1,48}$/;

/** Checks the options and fills in the defaults; throws `INVALID_CONFIGURATION` naming each problem. */
export function resolveNatsEventBusOptions(
  options: NatsEventBusOptions,
): ResolvedNatsEventBusOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      `NatsEventBus options must be an object such as { servers: 'nats://127.0.0.1:4222' }, got ${describeValue(options)}`,
    );
  }
  const problems: string[] = [];
  const { connection, servers } = options;
  if ((connection === undefined) === (servers === undefined)) {
    problems.push(
      connection === undefined
        ? "give servers (such as 'nats://127.0.0.1:4222') or a connection you own"
        : 'give servers or connection, not both',
    );
  }
  if (servers !== undefined && !validServers(servers)) {
    problems.push(
      `servers must be a URL or a non-empty list of URLs, got ${describeValue(servers)}`,
    );
  }
  const integer = (name: keyof NatsEventBusOptions, fallback: number, min: number) => {
    const value = options[name] ?? fallback;
    if (!Number.isSafeInteger(value) || (value as number) < min) {
      problems.push(`${name} must be an integer >= ${min}, got ${describeValue(options[name])}`);
    }
    return value as number;
  };
  const oneOf = <T extends string>(name: keyof NatsEventBusOptions, values: T[]): T => {
    const value = options[name] ?? values[0];
    if (!values.includes(value as T)) {
      problems.push(
        `${name} must be one of ${values.map((v) => `'${v}'`).join(', ')}, got ${describeValue(value)}`,
      );
    }
    return value as T;
  };
  const streamPrefix = options.streamPrefix ?? 'AGENTICFLOW';
  if (typeof streamPrefix !== 'string' || !PREFIX.test(streamPrefix)) {
    problems.push(
      `streamPrefix must be 1-48 letters, digits, '_' or '-' (it names a stream and a subject token), got ${describeValue(streamPrefix)}`,
    );
  }
  if (options.monitorUrl !== undefined && !validUrl(options.monitorUrl)) {
    problems.push(`monitorUrl must be an http(s) URL, got ${describeValue(options.monitorUrl)}`);
  }
  for (const name of ['onError', 'newId'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      problems.push(`${name} must be a function, got ${describeValue(options[name])}`);
    }
  }
  const resolved: ResolvedNatsEventBusOptions = {
    connection,
    servers,
    connectionOptions: options.connectionOptions ?? {},
    connectAttempts: integer('connectAttempts', 5, 1),
    streamPrefix,
    retention: oneOf('retention', ['limits', 'interest']),
    maxAgeMs: integer('maxAgeMs', 7 * 24 * 3_600_000, 0),
    maxBytes: integer('maxBytes', -1, -1),
    duplicateWindowMs: integer('duplicateWindowMs', 120_000, 1),
    storage: oneOf('storage', ['file', 'memory']),
    replicas: integer('replicas', 1, 1),
    maxMessageBytes: integer('maxMessageBytes', DEFAULT_MAX_MESSAGE_BYTES, 1),
    publishTimeoutMs: integer('publishTimeoutMs', 10_000, 1),
    durableMode: oneOf('durableMode', ['off', 'warn', 'require']),
    monitorUrl: options.monitorUrl,
    onError: options.onError,
    newId: options.newId,
  };
  if (problems.length > 0) {
    throw new ConfigurationError(`invalid NatsEventBus options: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return resolved;
}

function validServers(servers: unknown): boolean {
  const list = typeof servers === 'string' ? [servers] : servers;
  return (
    Array.isArray(list) &&
    list.length > 0 &&
    list.every((server) => typeof server === 'string' && server.length > 0)
  );
}

function validUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    return /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}
