import { randomUUID } from 'node:crypto';
import { createRedisEventBus } from '@agenticflow/bus-redis';
import { Redis } from 'ioredis';
import {
  type BusUnderTest,
  type Delivery,
  PACED_MESSAGES,
  PACED_RATE,
  PACED_ROUNDS,
  runBusPacedRounds,
  runBusThroughput,
} from '../drivers/bus-e2e.js';
import { RawRedisStreams } from '../floors/raw-redis-streams.js';
import { medianOfSamples, type Sample } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const REDIS_URL = process.env.AF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Both systems speak this protocol: RESP3 (the bus's default) unless AF_BENCH_REDIS_PROTOCOL=2.
const PROTOCOL = process.env.AF_BENCH_REDIS_PROTOCOL === '2' ? 2 : 3;
const TOPIC = 'bench.task.ready';
// Publishes in flight at once, for both systems: XADDs pipeline on one connection.
const PUBLISH_WINDOW = 100;
// Room kept for the paced rounds of one system.
const PACED_RESERVE_MS = 10_000;

/** A key prefix no other run uses; its keys are deleted when the run's bus closes. */
const uniquePrefix = () => `afbench:w5:${randomUUID()}`;

async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 3, protocol: PROTOCOL });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

async function agenticflowRedis(): Promise<BusUnderTest> {
  const keyPrefix = uniquePrefix();
  // The shared test server runs with appendonly no: the figures are for the non-durable setup.
  const bus = await createRedisEventBus({
    url: REDIS_URL,
    keyPrefix,
    protocol: PROTOCOL,
    durability: 'ignore',
  });
  return {
    publish: (payload) => bus.publish(TOPIC, { payload }),
    async subscribe(members, handler) {
      for (let member = 0; member < members; member++) {
        await bus.subscribe(
          TOPIC,
          (message) => handler(message as unknown as Delivery, member),
          members > 1 ? { group: 'bench-workers' } : {},
        );
      }
    },
    async close() {
      await bus.close();
      await deleteKeys(keyPrefix);
    },
  };
}

async function rawRedisStreams(): Promise<BusUnderTest> {
  const raw = new RawRedisStreams(REDIS_URL, uniquePrefix(), PROTOCOL);
  let failure: unknown;
  return {
    publish: (payload) => {
      if (failure) throw failure;
      return raw.publish(payload);
    },
    async subscribe(members, handler) {
      if (members !== 1) throw new Error(`raw-redis-streams runs one consumer, not ${members}`);
      await raw.consume(
        (message) => handler(message as Delivery, 0),
        (error) => {
          failure = error;
        },
      );
    },
    close: () => raw.close(),
  };
}

const SYSTEMS = [
  { system: 'agenticflow-redis', open: agenticflowRedis },
  { system: 'raw-redis-streams', open: rawRedisStreams },
] as const;
const ROUNDS = 5;
const MIN_ROUNDS = 1;

const throughput = (open: () => Promise<BusUnderTest>) =>
  runBusThroughput(open, { members: 1, publishWindow: PUBLISH_WINDOW });

/**
 * W5 (Redis part): RedisEventBus against raw XADD / XREADGROUP / XACK on the same server. The two
 * systems' throughput runs alternate round by round, so load from elsewhere on the machine hits
 * both alike; the figure is each system's median.
 */
export const w5Redis: Workload = {
  id: 'W5',
  part: 'redis',
  title: `Redis Streams bus over RESP${PROTOCOL}: 50,000 ≈300-byte messages published (window 100) and consumed with ack, then 2,000 paced at 1,000 msg/s`,
  budgetMs: 55_000,
  async run(context: WorkloadContext) {
    for (const { open } of SYSTEMS) await throughput(open);
    const samples = SYSTEMS.map((): Sample[] => []);
    let slowestRoundMs = 0;
    const startedAt = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      const left = context.budget.remainingMs() - SYSTEMS.length * PACED_RESERVE_MS;
      if (round >= MIN_ROUNDS && slowestRoundMs > left) break;
      const roundStartedAt = performance.now();
      for (const [index, { open }] of SYSTEMS.entries())
        samples[index]!.push(await throughput(open));
      slowestRoundMs = Math.max(slowestRoundMs, performance.now() - roundStartedAt);
    }
    context.progress(
      `  ${samples[0]!.length} alternating rounds after 1 warm-up each, ${Math.round(performance.now() - startedAt)} ms`,
    );
    for (const [index, { system }] of SYSTEMS.entries()) {
      const figures = medianOfSamples(samples[index]!);
      context.emit(system, 'e2e_msgs_per_s', figures.e2e_msgs_per_s!, 'msgs/s');
    }
    const paced = await runBusPacedRounds(
      SYSTEMS.map(({ open }) => open),
      1,
    );
    context.progress(
      `  ${PACED_ROUNDS} alternating paced runs of ${PACED_MESSAGES} messages at ${PACED_RATE} msg/s per system`,
    );
    for (const [index, { system }] of SYSTEMS.entries()) {
      context.emit(system, 'p50_ms', paced[index]!.p50_ms, 'ms');
      context.emit(system, 'p99_ms', paced[index]!.p99_ms, 'ms');
    }
  },
};
