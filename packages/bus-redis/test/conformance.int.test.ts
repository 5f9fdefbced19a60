import { describeEventBusConformance } from '@agenticflow/conformance';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createRedisEventBus } from '../src/index.js';
import { deletePrefix, PROTOCOLS, redisSkip, redisUrl, uniquePrefix } from './redis-test-kit.js';

const prefixes: string[] = [];
const clients: Redis[] = [];

afterAll(async () => {
  for (const client of clients) client.disconnect();
  if (!redisSkip) await Promise.all(prefixes.map((prefix) => deletePrefix(prefix)));
});

function newPrefix(): string {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  return prefix;
}

for (const protocol of PROTOCOLS) {
  const url = newPrefix();
  describeEventBusConformance({
    name: `redis over RESP${protocol}`,
    skip: redisSkip,
    create: () =>
      createRedisEventBus({ url: redisUrl, keyPrefix: url, protocol, durability: 'ignore' }),
  });

  const owned = newPrefix();
  describeEventBusConformance({
    name: `redis over RESP${protocol} (a client the caller owns)`,
    skip: redisSkip,
    create: async () => {
      const client = new Redis(redisUrl, { protocol });
      clients.push(client);
      return createRedisEventBus({ client, keyPrefix: owned, durability: 'ignore' });
    },
  });

  // Dead letters get a stream of their own, so wildcard patterns read two streams at once.
  const partitioned = newPrefix();
  describeEventBusConformance({
    name: `redis over RESP${protocol} (dead letters partitioned)`,
    skip: redisSkip,
    create: () =>
      createRedisEventBus({
        url: redisUrl,
        keyPrefix: partitioned,
        partitions: ['$deadletter'],
        protocol,
        durability: 'ignore',
      }),
  });
}

// A client whose RESP3 maps arrive as plain objects: XREADGROUP, XINFO and CONFIG GET replies
// take their third shape.
const mapped = newPrefix();
describeEventBusConformance({
  name: 'redis over RESP3 (a client the caller owns, replyMapping resp3, partitioned)',
  skip: redisSkip,
  create: async () => {
    const client = new Redis(redisUrl, { protocol: 3, replyMapping: 'resp3' });
    clients.push(client);
    return createRedisEventBus({
      client,
      keyPrefix: mapped,
      partitions: ['$deadletter'],
      durability: 'ignore',
    });
  },
});
