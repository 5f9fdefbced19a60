import { ConfigurationError } from '@agenticflow/core';
import type { Redis } from 'ioredis';

/** What the bus needs to know about the server before it starts. */
export interface ServerFacts {
  readonly version: string;
  /** Protocol of the command connection (2 or 3), from `CLIENT INFO`. */
  readonly resp: number;
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
    // Managed servers may refuse CLIENT INFO; ioredis connections are RESP2 then anyway.
    (client.call('CLIENT', 'INFO') as Promise<string>).catch(() => ''),
    (client.config('GET', 'appendfsync') as Promise<string[]>).catch(() => undefined),
  ]);
  const fields = parseInfo(info);
  return {
    version: fields.get('redis_version') ?? 'unknown',
    resp: Number(/(?:^|\s)resp=(\d)/.exec(clientInfo)?.[1] ?? 2),
    appendOnly: fields.get('aof_enabled') === '1',
    appendFsync: fsync?.[1],
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
 * Throws `INVALID_CONFIGURATION` for a server older than 6.2 or a connection speaking RESP3, which
 * ioredis 5 cannot parse (its parser understands RESP2 only).
 */
export function assertSupportedServer(facts: ServerFacts, server: string): void {
  const [major = 0, minor = 0] = facts.version.split('.').map(Number);
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    throw new ConfigurationError(
      `Redis at ${server} is version ${facts.version}; RedisEventBus needs 6.2 or newer (for XAUTOCLAIM): upgrade the server`,
      { details: { server, version: facts.version } },
    );
  }
  if (facts.resp !== 2) {
    throw new ConfigurationError(
      `the Redis connection to ${server} speaks RESP${facts.resp}; RedisEventBus runs on ioredis, whose parser reads RESP2 only: pass a client that has not sent HELLO ${facts.resp}`,
      { details: { server, resp: facts.resp } },
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
