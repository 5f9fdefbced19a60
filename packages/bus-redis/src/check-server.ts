import { ConfigurationError } from '@agenticflow/core';
import type { Redis } from 'ioredis';
import type { RespVersion } from './redis-event-bus-options.js';
import { mapField, textReply } from './redis-replies.js';

/** What the bus needs to know about the server before it starts. */
export interface ServerFacts {
  readonly version: string;
  /** Protocol the command connection speaks, from `CLIENT INFO`; undefined when it is refused. */
  readonly resp: RespVersion | undefined;
  readonly appendOnly: boolean;
  /** `appendfsync`, or undefined when `CONFIG GET` is not allowed (managed Redis). */
  readonly appendFsync: string | undefined;
  readonly maxmemoryPolicy: string | undefined;
}

// XAUTOCLAIM, XPENDING IDLE and CLIENT INFO arrived in 6.2.
const MIN_VERSION = [6, 2] as const;

/** Reads the server's version, the connection's protocol and the persistence settings. */
export async function readServerFacts(client: Redis): Promise<ServerFacts> {
  const [info, clientInfo, fsync] = await Promise.all([
    client.info(),
    // Managed servers may refuse CLIENT INFO: the protocol is then unknown.
    client.call('CLIENT', 'INFO').then(
      (reply) => textReply(reply, 'CLIENT INFO'),
      () => '',
    ),
    client.call('CONFIG', 'GET', 'appendfsync').catch(() => undefined),
  ]);
  const fields = parseInfo(textReply(info, 'INFO'));
  const resp = /(?:^|\s)resp=(\d)/.exec(clientInfo)?.[1];
  const appendFsync = mapField(fsync, 'appendfsync');
  return {
    version: fields.get('redis_version') ?? 'unknown',
    resp: resp === '2' || resp === '3' ? (Number(resp) as RespVersion) : undefined,
    appendOnly: fields.get('aof_enabled') === '1',
    appendFsync: appendFsync === undefined ? undefined : String(appendFsync),
    maxmemoryPolicy: fields.get('maxmemory_policy'),
  };
}

/** `key:value` lines of `INFO`. */
export function parseInfo(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#'))
      fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/**
 * Throws `INVALID_CONFIGURATION` for a server older than 6.2, or for a connection that does not
 * speak the `protocol` the bus asked for (ioredis falls back to RESP2 when the server or a proxy
 * in front of it refuses `HELLO 3`). `protocol` is undefined for a client the user passed, whose
 * protocol is the user's choice.
 */
export function assertSupportedServer(
  facts: ServerFacts,
  server: string,
  protocol: RespVersion | undefined,
): void {
  const [major = 0, minor = 0] = facts.version.split('.').map(Number);
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    throw new ConfigurationError(
      `Redis at ${server} is version ${facts.version}; RedisEventBus needs 6.2 or newer (for XAUTOCLAIM): upgrade the server`,
      { details: { server, version: facts.version } },
    );
  }
  if (protocol !== undefined && facts.resp !== undefined && facts.resp !== protocol) {
    throw new ConfigurationError(
      `protocol is ${protocol} but the connection to Redis at ${server} speaks RESP${facts.resp}: the server or a proxy in front of it refused HELLO ${protocol}. Set protocol: ${facts.resp}, or connect to a server that speaks RESP${protocol}`,
      { details: { server, protocol, resp: facts.resp } },
    );
  }
}

/**
 * Why accepted messages could be lost on this server: no append-only file (a restart loses the
 * streams) or an eviction policy that may evict them. Empty when the server keeps them.
 */
export function durabilityProblems(facts: ServerFacts): string[] {
  const problems: string[] = [];
  if (!facts.appendOnly) {
    problems.push(
      'appendonly is "no", so a restart or crash of Redis loses every stream, group and pending message: set appendonly yes (and appendfsync always to lose nothing on power loss)',
    );
  }
  if (facts.maxmemoryPolicy?.startsWith('allkeys-')) {
    problems.push(
      `maxmemory-policy is "${facts.maxmemoryPolicy}", so Redis may evict a stream under memory pressure: use noeviction or a volatile-* policy`,
    );
  }
  return problems;
}
