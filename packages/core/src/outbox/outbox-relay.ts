import type { EventBus } from '../bus/event-bus.js';
import { isRetryableError } from '../errors/agenticflow-error.js';
import { AbortedError } from '../errors/core-errors.js';
import type { AgenticEvent } from '../events/envelope.js';
import { serializeEvent } from '../events/serialize-event.js';
import type {
  EventFilter,
  EventStore,
  StoreSubscription,
  SubscriptionEnd,
} from '../store/event-store.js';
import { type Backoff, exponentialBackoff } from '../util/backoff.js';
import type { JsonValue } from '../util/json.js';

/** Options of {@link startOutboxRelay}. */
export interface OutboxRelayOptions {
  /** Where events are read from. */
  readonly store: EventStore;
  /** Where they are published. */
  readonly bus: EventBus;
  /**
   * Name of the store consumer that remembers how far the relay got; one relay per name.
   * @defaultValue 'outbox-relay'
   */
  readonly consumer?: string;
  /**
   * Topic of each event.
   * @defaultValue `events.${event.type}` (so `events.run.>` matches every run event)
   */
  readonly topic?: (event: AgenticEvent) => string;
  /** Only relay matching events. */
  readonly filter?: EventFilter;
  /**
   * Delay between attempts while the bus refuses a publish with a retryable error.
   * @defaultValue exponentialBackoff({ initialMs: 100, maxMs: 5_000 })
   */
  readonly backoff?: Backoff;
}

/** A running relay. */
export interface OutboxRelay {
  /** Resolves once every event stored before the start has been published. */
  readonly caughtUp: Promise<void>;
  /**
   * Resolves when the relay stops: closed, or failed on an event the bus refused with a
   * non-retryable error (the relay stops there rather than skip it).
   */
  readonly ended: Promise<SubscriptionEnd>;
  /** Stops the relay; the event being published finishes first. */
  stop(): Promise<void>;
}

/** The default topic of a relayed event. */
export function defaultEventTopic(event: AgenticEvent): string {
  return `events.${event.type}`;
}

/**
 * The transactional outbox: publishes every event appended to the store to the bus, at least
 * once, in position order. The message id is the event id (buses that deduplicate drop repeats)
 * and the payload is the {@link SerializedEvent}. The relay's position is stored as a named
 * consumer after each publish, so a relay that crashes between publish and checkpoint publishes
 * that event again on restart, and one that crashes before publishing publishes it then.
 *
 * @example
 * ```ts
 * const relay = startOutboxRelay({ store, bus });
 * await bus.subscribe('events.run.>', (message) => console.log(message.payload));
 * ```
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const topicOf = options.topic ?? defaultEventTopic;
  const backoff = options.backoff ?? exponentialBackoff({ initialMs: 100, maxMs: 5_000 });
  const stopping = new AbortController();

  async function publish(event: AgenticEvent): Promise<void> {
    const headers = event.metadata.traceparent
      ? { traceparent: event.metadata.traceparent }
      : undefined;
    const message = {
      id: event.id,
      payload: serializeEvent(event) as unknown as JsonValue,
      ...(headers ? { headers } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      if (stopping.signal.aborted) throw new AbortedError('outbox relay stopped');
      try {
        await options.bus.publish(topicOf(event), message);
        return;
      } catch (error) {
        if (!isRetryableError(error)) throw error;
        await sleep(backoff(attempt), stopping.signal);
      }
    }
  }

  const subscription: StoreSubscription = options.store.subscribe({
    consumer: options.consumer ?? 'outbox-relay',
    from: 'start',
    handler: publish,
    ...(options.filter ? { filter: options.filter } : {}),
  });

  const ended = subscription.ended.then(
    (end): SubscriptionEnd =>
      end.reason === 'failed' && stopping.signal.aborted ? { reason: 'closed' } : end,
  );
  return {
    caughtUp: subscription.caughtUp,
    ended,
    async stop() {
      stopping.abort();
      await subscription.close();
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // An already-aborted signal never fires 'abort': without this, stop() would wait out the backoff.
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
