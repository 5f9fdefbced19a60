import { afterEach, describe, expect, it } from 'vitest';
import type {
  BusSubscription,
  EventBus,
  OutgoingMessage,
  PublishResult,
} from '../bus/event-bus.js';
import { eventBusCapabilities } from '../bus/event-bus-capabilities.js';
import { ConnectionFailedError, ValidationError } from '../errors/core-errors.js';
import { serializeEvent } from '../events/serialize-event.js';
import { InMemoryEventStore } from '../store/in-memory-event-store.js';
import { makeEvents } from '../testing/event-factories.js';
import { waitFor } from '../testing/wait-for.js';
import { collect } from '../util/collect.js';
import { type OutboxRelay, startOutboxRelay } from './outbox-relay.js';

interface Published {
  readonly topic: string;
  readonly message: OutgoingMessage;
}

/** A bus that records publishes; `fail` decides, per call, whether to throw instead. */
class RecordingBus implements EventBus {
  readonly capabilities = eventBusCapabilities({});
  readonly published: Published[] = [];
  calls = 0;

  constructor(
    private readonly fail: (
      call: number,
      topic: string,
      message: OutgoingMessage,
    ) => unknown = () => undefined,
  ) {}

  async publish(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    const call = ++this.calls;
    const error = this.fail(call, topic, message);
    if (error !== undefined) throw error;
    this.published.push({ topic, message });
    return { id: message.id ?? '', duplicate: false };
  }

  async subscribe(): Promise<BusSubscription> {
    throw new Error('not used by the relay');
  }

  async close(): Promise<void> {}
}

const relays: OutboxRelay[] = [];
const stores: InMemoryEventStore[] = [];
function relay(options: Parameters<typeof startOutboxRelay>[0]): OutboxRelay {
  const started = startOutboxRelay(options);
  relays.push(started);
  return started;
}
function makeStore(): InMemoryEventStore {
  const store = new InMemoryEventStore();
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

const noDelay = () => 0;

describe('startOutboxRelay', () => {
  it('publishes every event with its id as message id and its serialized form as payload', async () => {
    const store = makeStore();
    await store.append('run-1', makeEvents(3, 'run.step-done'));
    await store.append('agent-1', [
      { type: 'agent.woke', data: null, metadata: { traceparent: '00-aa-bb-01' } },
    ]);
    const bus = new RecordingBus();
    const running = relay({ store, bus });
    await running.caughtUp;
    await store.append('run-1', makeEvents(1, 'run.finished'));
    await waitFor(() => bus.published.length === 5, { message: 'five published events' });

    const events = await collect(store.readAll());
    expect(bus.published).toEqual(
      events.map((event) => ({
        topic: `events.${event.type}`,
        message: {
          id: event.id,
          payload: serializeEvent(event),
          ...(event.metadata.traceparent
            ? { headers: { traceparent: event.metadata.traceparent } }
            : {}),
        },
      })),
    );
    expect(await store.getConsumerPosition('outbox-relay')).toBe(5n);
  });

  it('uses the given topic function, filter and consumer name', async () => {
    const store = makeStore();
    await store.append('run-1', makeEvents(2, 'run.tick'));
    await store.append('run-1', makeEvents(1, 'run.other'));
    const bus = new RecordingBus();
    const running = relay({
      store,
      bus,
      consumer: 'ticks',
      filter: { types: ['run.tick'] },
      topic: (event) => `custom.${event.streamId}`,
    });
    await running.caughtUp;
    expect(bus.published.map((p) => p.topic)).toEqual(['custom.run-1', 'custom.run-1']);
    expect(await store.getConsumerPosition('ticks')).toBe(2n);
    expect(await store.getConsumerPosition('outbox-relay')).toBeNull();
  });

  it('retries a publish refused with a retryable error until it succeeds', async () => {
    const store = makeStore();
    await store.append('run-1', makeEvents(3));
    const bus = new RecordingBus((call) =>
      call >= 2 && call <= 4 ? new ConnectionFailedError(`nats down (call ${call})`) : undefined,
    );
    const attempts: number[] = [];
    const running = relay({
      store,
      bus,
      backoff: (attempt) => {
        attempts.push(attempt);
        return 1;
      },
    });
    await running.caughtUp;
    const events = await collect(store.readAll());
    expect(bus.published.map((p) => p.message.id)).toEqual(events.map((event) => event.id));
    expect(bus.calls).toBe(6);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('ends failed on a non-retryable publish error without moving past the event', async () => {
    const store = makeStore();
    await store.append('run-1', makeEvents(4));
    const refusal = new ValidationError('payload refused', []);
    const bus = new RecordingBus((call) => (call === 3 ? refusal : undefined));
    const running = relay({ store, bus, backoff: noDelay });
    expect(await running.ended).toEqual({ reason: 'failed', error: refusal });
    expect(bus.published).toHaveLength(2);
    expect(await store.getConsumerPosition('outbox-relay')).toBe(2n);
  });

  it('lets a new relay with the same consumer publish the rest after the first one stops', async () => {
    const store = makeStore();
    await store.append('run-1', makeEvents(10));
    const events = await collect(store.readAll());
    let first!: OutboxRelay;
    const firstBus = new RecordingBus((call) => {
      // Simulate a crash during the fourth publish: stop, and fail that publish.
      if (call === 4) {
        void first.stop();
        return new ConnectionFailedError('process is going away');
      }
      return undefined;
    });
    first = relay({ store, bus: firstBus, backoff: noDelay });
    expect(await first.ended).toEqual({ reason: 'closed' });
    expect(firstBus.published.map((p) => p.message.id)).toEqual(
      events.slice(0, 3).map((e) => e.id),
    );
    expect(await store.getConsumerPosition('outbox-relay')).toBe(3n);

    const secondBus = new RecordingBus();
    const second = relay({ store, bus: secondBus, backoff: noDelay });
    await second.caughtUp;
    expect(secondBus.published.map((p) => p.message.id)).toEqual(events.slice(3).map((e) => e.id));
    const everyPublished = new Set(
      [...firstBus.published, ...secondBus.published].map((p) => p.message.id),
    );
    expect(events.every((event) => everyPublished.has(event.id))).toBe(true);
  });

  it('publishes an event again when the relay stopped after publishing but before its checkpoint', async () => {
    const store = makeStore();
    await store.append('run-1', makeEvents(3));
    const events = await collect(store.readAll());
    // A relay that died after publishing event 2 but before saving position 2.
    const firstBus = new RecordingBus((call) =>
      call === 3 ? new ValidationError('crash', []) : undefined,
    );
    const first = relay({ store, bus: firstBus, consumer: 'r', backoff: noDelay });
    await first.ended;
    expect(await store.getConsumerPosition('r')).toBe(2n);
    const secondBus = new RecordingBus();
    const second = relay({ store, bus: secondBus, consumer: 'r' });
    await second.caughtUp;
    expect(secondBus.published.map((p) => p.message.id)).toEqual([events[2]!.id]);
  });

  it('resolves stop() while it is waiting to retry, without advancing', async () => {
    const store = makeStore();
    await store.append('run-1', makeEvents(2));
    const bus = new RecordingBus(() => new ConnectionFailedError('always down'));
    const running = relay({ store, bus, backoff: () => 60_000 });
    await waitFor(() => bus.calls >= 1, { message: 'a first publish attempt' });
    await running.stop();
    expect(await running.ended).toEqual({ reason: 'closed' });
    expect(bus.calls).toBe(1);
    expect(await store.getConsumerPosition('outbox-relay')).toBeNull();
  });

  it('resolves stop() promptly when a publish in flight at stop time then fails retryably', async () => {
    const store = makeStore();
    await store.append('run-1', makeEvents(1));
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const bus = new RecordingBus();
    bus.publish = async () => {
      calls++;
      await released;
      throw new ConnectionFailedError('dropped while stopping');
    };
    const running = relay({ store, bus, backoff: () => 60_000 });
    await waitFor(() => calls === 1, { message: 'the publish to start' });
    const stopped = running.stop();
    release();
    await stopped;
    expect(await running.ended).toEqual({ reason: 'closed' });
    expect(calls).toBe(1);
  });
});
