import { randomUUID } from 'node:crypto';
import { createNatsEventBus } from '@agenticflow/bus-nats';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  type BusUnderTest,
  type Delivery,
  MESSAGES,
  PACED_MESSAGES,
  PACED_RATE,
  PACED_ROUNDS,
  runBusPacedRounds,
  runBusThroughput,
} from '../drivers/bus-e2e.js';
import { RawNatsJetStream } from '../floors/raw-nats-jetstream.js';
import { measure } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const NATS_URL = process.env.AF_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TOPIC = 'bench.task.ready';
// Publishes in flight at once, for both systems: each awaits the stream's ack.
const PUBLISH_WINDOW = 100;
// Messages one consumer holds unacknowledged, for both systems: the bus's `concurrency` and the
// client's `consume({ max_messages })` (its default).
const IN_FLIGHT = 100;
// Room kept for the paced rounds of one system.
const PACED_RESERVE_MS = 10_000;

/** A stream name no other run uses; the stream is deleted when the run's bus closes. */
const uniqueStream = () => `AFBENCH_W5_${randomUUID().replaceAll('-', '')}`;

async function deleteStream(name: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    await (await jetstreamManager(nc)).streams.delete(name).catch(() => false);
  } finally {
    await nc.close();
  }
}

async function agenticflowNats(): Promise<BusUnderTest> {
  const streamPrefix = uniqueStream();
  const bus = await createNatsEventBus({ servers: NATS_URL, streamPrefix });
  return {
    publish: (payload) => bus.publish(TOPIC, { payload }),
    async subscribe(members, handler) {
      for (let member = 0; member < members; member++) {
        await bus.subscribe(TOPIC, (message) => handler(message as unknown as Delivery, member), {
          concurrency: IN_FLIGHT,
          ...(members > 1 ? { group: 'bench-workers' } : {}),
        });
      }
    },
    async close() {
      await bus.close();
      await deleteStream(streamPrefix);
    },
  };
}

async function rawNatsJetStream(): Promise<BusUnderTest> {
  const raw = await RawNatsJetStream.open(NATS_URL, uniqueStream());
  let failure: unknown;
  return {
    publish: (payload) => {
      if (failure) throw failure;
      return raw.publish(payload);
    },
    async subscribe(members, handler) {
      if (members !== 1) throw new Error(`raw-nats-jetstream runs one consumer, not ${members}`);
      await raw.consume(
        IN_FLIGHT,
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
  { system: 'agenticflow-nats', open: agenticflowNats },
  { system: 'raw-nats-jetstream', open: rawNatsJetStream },
] as const;

/** W5 (NATS part): NatsEventBus against raw js.publish / consume / ack on the same server. */
export const w5Nats: Workload = {
  id: 'W5',
  part: 'nats',
  title:
    'NATS JetStream bus: 50,000 ≈300-byte messages published with ack (window 100) and consumed with ack, then 2,000 paced at 1,000 msg/s',
  budgetMs: 55_000,
  async run(context: WorkloadContext) {
    for (const [index, { system, open }] of SYSTEMS.entries()) {
      const left = SYSTEMS.length - index;
      // The warm-up run is a tenth of the size: a full 50,000-message run takes seconds here.
      let warmedUp = false;
      const figures = await measure(
        {
          label: system,
          budget: context.budget,
          share: 1 / left,
          reserveMs: SYSTEMS.length * PACED_RESERVE_MS,
          minRepeats: 1,
        },
        () => {
          const messages = warmedUp ? undefined : MESSAGES / 10;
          warmedUp = true;
          return runBusThroughput(open, { members: 1, publishWindow: PUBLISH_WINDOW, messages });
        },
      );
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
