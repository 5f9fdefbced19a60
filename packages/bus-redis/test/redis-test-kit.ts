import { existsSync } from 'node:fs';
import { testServiceUrls, uniqueToken, unreachableReason } from '@agenticflow/conformance';
import { Redis } from 'ioredis';

/** The shared test Redis and whether it can be reached. */
export const redisUrl = testServiceUrls.redis;
export const redisSkip = await unreachableReason(redisUrl);

/** Every suite against a real server runs once per protocol. */
export const PROTOCOLS = [2, 3] as const;

/** A key prefix no other test run uses. */
export function uniquePrefix(): string {
  return `aftest:${uniqueToken('bus')}`;
}

/** Deletes every key under `prefix` on the shared server (never anything else). */
export async function deletePrefix(prefix: string, url = redisUrl): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, protocol: 2 });
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** Why fault tests cannot start servers of their own here, or undefined when they can. */
export const redisServerSkip = existsSync(
  process.env.AF_REDIS_SERVER_BIN ?? '/usr/bin/redis-server',
)
  ? undefined
  : `redis-server not found at ${process.env.AF_REDIS_SERVER_BIN ?? '/usr/bin/redis-server'} (set AF_REDIS_SERVER_BIN)`;
