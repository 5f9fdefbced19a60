import { InMemoryEventBus } from '@agenticflow/core';
import { PlainJsBus } from '../floors/plain-js-bus.js';
import { withTimeout } from '../harness/budget.js';
import { ExactlyOnceTracker, expectEqual, expectTrue } from '../harness/checks.js';
import { measure, percentile, perSecond } from '../harness/measure.js';
import { runPaced } from '../harness/pace.js';
import { type BenchPayload, makePayload } from '../harness/payload.js';
import type { Workload, WorkloadContext } from '../harness/workload.js';

const TOPIC = 'bench.task.ready';
const GROUP = 'bench-workers';
const MESSAGES = 50_000;
const PACED_MESSAGES = 2_000;
const PACED_RATE = 1_000;
const PACED_RESERVE_MS = 3_000;
// How long handlers may lag behind the last publish before the run counts as failed.
const DRAIN_TIMEOUT_MS = 10_000;

/** A delivery as the workload sees it, whatever the bus. */
interface Delivery {
  readonly id: string;
  readonly payload: BenchPayload;
  /** 1 on the first delivery. */
  readonly deliveryAttempt: number;
}

/** The one shape every system is driven through, so they do exactly the same work. */
interface BusUnderTest {
  publish(payload: BenchPayload): Promise<unknown>;
  /** Subscribes `members` handlers (a group when more than one); each handler acks by resolving. */
  subscribe(
    members: number,
    handler: (delivery: Delivery, member: number) => Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

function agenticflowBus(): BusUnderTest {
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

function plainJsBus(): BusUnderTest {
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

// Built once, outside the timed loops; both buses copy the payload, so sharing it is safe.
let payloads: BenchPayload[] | undefined;
const payload = (seq: number) => {
  payloads ??= Array.from({ length: MESSAGES }, (_, index) => makePayload(index));
  return payloads[seq]!;
};

/** Counts deliveries and resolves `done` at the last one; checks exactly-once delivery after. */
function receiver(total: number, members: number) {
  const tracker = new ExactlyOnceTracker(total);
  const ids: string[] = [];
  const perMember = new Array<number>(members).fill(0);
  let redeliveries = 0;
  const handledAt = new Float64Array(total);
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const handler = async (delivery: Delivery, member: number) => {
    handledAt[delivery.payload.seq] = performance.now();
    ids.push(delivery.id);
    perMember[member]!++;
    if (delivery.deliveryAttempt !== 1) redeliveries++;
    if (tracker.record(delivery.payload.seq) === total) resolveDone();
  };
  const verify = (what: string) => {
    tracker.verify(what);
    expectEqual(
      redeliveries,
      0,
      `${what}: redeliveries (a handler that resolves must not be retried)`,
    );
    expectEqual(new Set(ids).size, total, `${what}: distinct message ids handled`);
    expectTrue(
      perMember.every((count) => count > 0),
      `${what}: every group member must get messages, got ${perMember.join('/')}`,
    );
  };
  return { handler, done, verify, handledAt };
}

async function throughputOnce(create: () => BusUnderTest, members: number) {
  const bus = create();
  const receive = receiver(MESSAGES, members);
  await bus.subscribe(members, receive.handler);
  const startedAt = performance.now();
  for (let seq = 0; seq < MESSAGES; seq++) await bus.publish(payload(seq));
  await withTimeout(receive.done, DRAIN_TIMEOUT_MS, `handling ${MESSAGES} messages`);
  const elapsedMs = performance.now() - startedAt;
  await bus.close();
  receive.verify(`${MESSAGES} messages`);
  return { e2e_msgs_per_s: perSecond(MESSAGES, elapsedMs) };
}

/** Publishes at a steady 1,000 msg/s and returns the publish→handler latencies in ms. */
async function pacedOnce(create: () => BusUnderTest, members: number) {
  const bus = create();
  const receive = receiver(PACED_MESSAGES, members);
  await bus.subscribe(members, receive.handler);
  const sentAt = new Float64Array(PACED_MESSAGES);
  await runPaced({ count: PACED_MESSAGES, ratePerSecond: PACED_RATE }, (seq) => {
    sentAt[seq] = performance.now();
    return bus.publish(payload(seq));
  });
  await withTimeout(receive.done, DRAIN_TIMEOUT_MS, `handling ${PACED_MESSAGES} paced messages`);
  await bus.close();
  receive.verify(`${PACED_MESSAGES} paced messages`);
  return Array.from(sentAt, (sent, seq) => receive.handledAt[seq]! - sent);
}

const SYSTEMS = [
  { system: 'agenticflow-memory-single', create: agenticflowBus, members: 1 },
  { system: 'agenticflow-memory-group4', create: agenticflowBus, members: 4 },
  { system: 'plain-js', create: plainJsBus, members: 1 },
] as const;

/** C2: core's InMemoryEventBus against a plain EventEmitter, throughput and paced latency. */
export const c2CoreBus: Workload = {
  id: 'C2',
  title: 'InMemoryEventBus: 50,000 ≈300-byte messages with ack, then 2,000 paced at 1,000 msg/s',
  budgetMs: 30_000,
  async run(context: WorkloadContext) {
    for (const [index, { system, create, members }] of SYSTEMS.entries()) {
      const left = SYSTEMS.length - index;
      const figures = await measure(
        {
          label: system,
          budget: context.budget,
          share: 1 / left,
          reserveMs: left * PACED_RESERVE_MS,
        },
        () => throughputOnce(create, members),
      );
      context.emit(system, 'e2e_msgs_per_s', figures.e2e_msgs_per_s!, 'msgs/s');
      const latencies = await pacedOnce(create, members);
      context.progress(`  ${system}: ${PACED_MESSAGES} paced messages at ${PACED_RATE} msg/s`);
      context.emit(system, 'p50_ms', percentile(latencies, 50), 'ms');
      context.emit(system, 'p99_ms', percentile(latencies, 99), 'ms');
    }
  },
};
