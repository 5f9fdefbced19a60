import { withTimeout } from '../harness/budget.js';
import { ExactlyOnceTracker, expectEqual, expectTrue } from '../harness/checks.js';
import { median, percentile, perSecond, type Sample } from '../harness/measure.js';
import { runPaced } from '../harness/pace.js';
import { type BenchPayload, makePayload } from '../harness/payload.js';

/** Messages of the throughput phase and of the paced phase (BENCH.md C2 and W5). */
export const MESSAGES = 50_000;
export const PACED_MESSAGES = 2_000;
export const PACED_RATE = 1_000;
/** Paced runs per system; the latency figures are the median across them. */
export const PACED_ROUNDS = 3;
// How long handlers may lag behind the last publish before the run counts as failed.
const DRAIN_TIMEOUT_MS = 20_000;

/** A delivery as the driver sees it, whatever the bus. */
export interface Delivery {
  readonly id: string;
  readonly payload: BenchPayload;
  /** 1 on the first delivery. */
  readonly deliveryAttempt: number;
}

/** The one shape every bus system is driven through, so they all do exactly the same work. */
export interface BusUnderTest {
  /** Publishes one message; resolves once the bus accepted it. */
  publish(payload: BenchPayload): Promise<unknown>;
  /** Subscribes `members` handlers (a group when more than one); a handler acks by resolving. */
  subscribe(
    members: number,
    handler: (delivery: Delivery, member: number) => Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

/** Shape of a run. */
export interface BusRunOptions {
  /** Handlers subscribed (a group when more than one). */
  readonly members: number;
  /** Publishes in flight at once: 1 awaits each; more pipelines them, as a raw client would. */
  readonly publishWindow: number;
  /** Messages in the throughput phase. @defaultValue 50,000 */
  readonly messages?: number;
}

let payloads: BenchPayload[] | undefined;
const payload = (seq: number) => {
  payloads ??= Array.from({ length: MESSAGES }, (_, index) => makePayload(index));
  return payloads[seq]!;
};

/** Counts deliveries and resolves `done` at the last one; checks exactly-once delivery after. */
function receiver(total: number, members: number) {
  const tracker = new ExactlyOnceTracker(total);
  const ids = new Set<string>();
  const perMember = new Array<number>(members).fill(0);
  let redeliveries = 0;
  const handledAt = new Float64Array(total);
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const handler = async (delivery: Delivery, member: number) => {
    handledAt[delivery.payload.seq] = performance.now();
    ids.add(delivery.id);
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
    expectEqual(ids.size, total, `${what}: distinct message ids handled`);
    expectTrue(
      perMember.every((count) => count > 0),
      `${what}: every group member must get messages, got ${perMember.join('/')}`,
    );
  };
  return { handler, done, verify, handledAt };
}

/** Publishes `count` messages keeping at most `window` publishes in flight. */
async function publishAll(bus: BusUnderTest, count: number, window: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(window, count) }, async () => {
      while (next < count) await bus.publish(payload(next++));
    }),
  );
}

/**
 * Throughput phase: publishes the messages and times first publish → last ack, checking each was
 * handled exactly once, on its first delivery.
 */
export async function runBusThroughput(
  open: () => Promise<BusUnderTest>,
  options: BusRunOptions,
): Promise<Sample> {
  const messages = options.messages ?? MESSAGES;
  const bus = await open();
  try {
    const receive = receiver(messages, options.members);
    await bus.subscribe(options.members, receive.handler);
    const startedAt = performance.now();
    await publishAll(bus, messages, options.publishWindow);
    await withTimeout(receive.done, DRAIN_TIMEOUT_MS, `handling ${messages} messages`);
    const elapsedMs = performance.now() - startedAt;
    receive.verify(`${messages} messages`);
    return { e2e_msgs_per_s: perSecond(messages, elapsedMs) };
  } finally {
    await bus.close();
  }
}

/** Paced phase: 2,000 messages at 1,000 msg/s; returns each message's publish → handler ms. */
export async function runBusPaced(
  open: () => Promise<BusUnderTest>,
  members: number,
): Promise<number[]> {
  const bus = await open();
  try {
    const receive = receiver(PACED_MESSAGES, members);
    await bus.subscribe(members, receive.handler);
    const sentAt = new Float64Array(PACED_MESSAGES);
    await runPaced({ count: PACED_MESSAGES, ratePerSecond: PACED_RATE }, (seq) => {
      sentAt[seq] = performance.now();
      return bus.publish(payload(seq));
    });
    await withTimeout(receive.done, DRAIN_TIMEOUT_MS, `handling ${PACED_MESSAGES} paced messages`);
    receive.verify(`${PACED_MESSAGES} paced messages`);
    return Array.from(sentAt, (sent, seq) => receive.handledAt[seq]! - sent);
  } finally {
    await bus.close();
  }
}

/** A system's latency figures: the median, across its paced runs, of each run's p50 and p99. */
export interface PacedFigures {
  readonly p50_ms: number;
  readonly p99_ms: number;
}

/**
 * Runs the paced phase {@link PACED_ROUNDS} times per system, the systems taking turns, so a slow
 * patch of the machine (a p99 is the 20th slowest of 2,000 messages) cannot land on one system only.
 */
export async function runBusPacedRounds(
  systems: ReadonlyArray<() => Promise<BusUnderTest>>,
  members: number,
): Promise<PacedFigures[]> {
  const runs = systems.map((): Array<{ p50: number; p99: number }> => []);
  for (let round = 0; round < PACED_ROUNDS; round++) {
    for (const [index, open] of systems.entries()) {
      const latencies = await runBusPaced(open, members);
      runs[index]!.push({ p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
    }
  }
  return runs.map((figures) => ({
    p50_ms: median(figures.map((run) => run.p50)),
    p99_ms: median(figures.map((run) => run.p99)),
  }));
}
