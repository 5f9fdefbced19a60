import { describeEventBusConformance } from '@agenticflow/conformance';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { createRedisEventBus } from '../src/index.js';
import { deletePrefix, redisSkip, redisUrl, uniquePrefix } from './redis-test-kit.js';

const prefixes = { url: uniquePrefix(), client: uniquePrefix(), partitioned: uniquePrefix() };
const clients: Redis[] = [];

afterAll(async () => {
  for (const client of clients) client.disconnect();
  if (!redisSkip) await Promise.all(Object.values(prefixes).map((prefix) => deletePrefix(prefix)));
});

describeEventBusConformance({
  name: 'redis',
  skip: redisSkip,
  create: () =>
    createRedisEventBus({ url: redisUrl, keyPrefix: prefixes.url, durability: 'ignore' }),
});

describeEventBusConformance({
  name: 'redis (a client the caller owns)',
  skip: redisSkip,
  create: async () => {
    const client = new Redis(redisUrl);
    clients.push(client);
    return createRedisEventBus({ client, keyPrefix: prefixes.client, durability: 'ignore' });
  },
});

// Dead letters get a stream of their own, so wildcard patterns read two streams at once.
describeEventBusConformance({
  name: 'redis (dead letters partitioned)',
  skip: redisSkip,
  create: () =>
    createRedisEventBus({
      url: redisUrl,
      keyPrefix: prefixes.partitioned,
      partitions: ['$deadletter'],
      durability: 'ignore',
    }),
});
