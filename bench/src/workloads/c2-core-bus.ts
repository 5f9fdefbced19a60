import { InMemoryEventBus } from '@agenticflow/core';
import {
  type BusUnderTest,
  type Delivery,
  PACED_MESSAGES,
  PACED_RATE,
  runBusPaced,
  runBusThroughput,
} from '../drivers/bus-e2e.js';
import { PlainJsBus } from '../floors/plain-js-bus.js';
import { expectEqual } from '../harness/checks.js';
import { measure, percentile } from '../harness/measure.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const TOPIC = 'bench.task.ready';
const GROUP = 'bench-workers';
const PACED_RESERVE_MS = 3_000;

async function agenticflowBus(): Promise<BusUnderTest> {
  const bus = new InMemoryEventBus();
  return {
    publish: (payload) => bus.publish(TOPIC, { payload }),
    async subscribe(members, handler) {
      for (let member = 0; member < members; member++) {
        await bus.subscribe(
          TOPIC,
          (message) => handler(message as unknown as Delivery, member),
          members > 1 ? { group: GROUP } : {},
        );
      }
    },
    close: () => bus.close(),
  };
}

async function plainJsBus(): Promise<BusUnderTest> {
  const bus = new PlainJsBus();
  let failure: unknown;
  return {
    publish: (payload) => {
      if (failure) throw failure;
      return bus.publish(TOPIC, payload);
    },
    async subscribe(members, handler) {
      expectEqual(members, 1, 'plain-js floor members');
      bus.subscribe(
        TOPIC,
        (message) => handler(message as Delivery, 0),
        (error) => {
          failure = error;
        },
      );
    },
    close: async () => {},
  };
}

const SYSTEMS = [
  { system: 'agenticflow-memory-single', open: agenticflowBus, members: 1 },
  { system: 'agenticflow-memory-group4', open: agenticflowBus, members: 4 },
  { system: 'plain-js', open: plainJsBus, members: 1 },
] as const;

/** C2: core's InMemoryEventBus against a plain EventEmitter, throughput and paced latency. */
export const c2CoreBus: Workload = {
  id: 'C2',
  title: 'InMemoryEventBus: 50,000 ≈300-byte messages with ack, then 2,000 paced at 1,000 msg/s',
  budgetMs: 30_000,
  async run(context: WorkloadContext) {
    for (const [index, { system, open, members }] of SYSTEMS.entries()) {
      const left = SYSTEMS.length - index;
      const figures = await measure(
        {
          label: system,
          budget: context.budget,
          share: 1 / left,
          reserveMs: left * PACED_RESERVE_MS,
        },
        () => runBusThroughput(open, { members, publishWindow: 1 }),
      );
      context.emit(system, 'e2e_msgs_per_s', figures.e2e_msgs_per_s!, 'msgs/s');
      const latencies = await runBusPaced(open, members);
      context.progress(`  ${system}: ${PACED_MESSAGES} paced messages at ${PACED_RATE} msg/s`);
      context.emit(system, 'p50_ms', percentile(latencies, 50), 'ms');
      context.emit(system, 'p99_ms', percentile(latencies, 99), 'ms');
    }
  },
};
