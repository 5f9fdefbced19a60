import {
  type BusSubscribeOptions,
  type BusSubscription,
  ConfigurationError,
  DEFAULT_MAX_DELIVERIES,
  describeValue,
  type EventBus,
  type EventBusCapabilities,
  type MessageHandler,
  type OutgoingMessage,
  type PublishResult,
} from '@agenticflow/core';
import { Counter, type Registry } from 'prom-client';
import { checkMaxLabelValues, familyOf, LabelValueCap } from './label-values.js';
import { checkMetricPrefix, checkRegistry, registerMetrics } from './metric-registration.js';

/** Options of {@link instrumentEventBus}. */
export interface InstrumentEventBusOptions {
  /** @defaultValue a new prom-client `Registry` */
  readonly registry?: Registry;
  /** @defaultValue 'agenticflow_' */
  readonly prefix?: string;
  /** Distinct topic families counted before `"other"`. @defaultValue 200 */
  readonly maxLabelValues?: number;
}

interface BusMetricSet {
  readonly published: Counter<'family'>;
  readonly handled: Counter<'family' | 'outcome'>;
  readonly redeliveries: Counter<'family'>;
  readonly deadLetters: Counter<'family'>;
}

/**
 * An {@link EventBus} that forwards everything to another bus and counts its traffic by topic
 * family (the first dotted segment of the topic). Create it with {@link instrumentEventBus}.
 */
export class InstrumentedEventBus implements EventBus {
  private readonly metrics: BusMetricSet;
  private readonly families: LabelValueCap;

  constructor(
    /** The bus doing the work. */
    readonly inner: EventBus,
    /** Where the bus metrics are registered. */
    readonly registry: Registry,
    prefix: string,
    maxLabelValues: number,
  ) {
    this.metrics = createBusMetricSet(registry, prefix);
    this.families = new LabelValueCap(maxLabelValues);
  }

  get capabilities(): EventBusCapabilities {
    return this.inner.capabilities;
  }

  async publish(topic: string, message: OutgoingMessage): Promise<PublishResult> {
    const result = await this.inner.publish(topic, message);
    this.metrics.published.inc({ family: this.familyOf(topic) });
    return result;
  }

  subscribe(
    pattern: string,
    handler: MessageHandler,
    options?: BusSubscribeOptions,
  ): Promise<BusSubscription> {
    // Not a function: let the inner bus reject it with its own validation error.
    if (typeof handler !== 'function') return this.inner.subscribe(pattern, handler, options);
    const maxDeliveries = options?.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
    const { metrics } = this;
    const counted: MessageHandler = async (message, context) => {
      const family = this.familyOf(message.topic);
      if (message.deliveryAttempt > 1) metrics.redeliveries.inc({ family });
      const last = message.deliveryAttempt >= maxDeliveries;
      try {
        await handler(message, context);
      } catch (error) {
        metrics.handled.inc({ family, outcome: 'failed' });
        if (last) metrics.deadLetters.inc({ family });
        throw error;
      }
      if (context.signal.aborted) {
        // The bus gave up on this delivery (ack timeout or shutdown) before the handler settled.
        metrics.handled.inc({ family, outcome: 'abandoned' });
        if (last) metrics.deadLetters.inc({ family });
      } else {
        metrics.handled.inc({ family, outcome: 'acked' });
      }
    };
    return this.inner.subscribe(pattern, counted, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private familyOf(topic: string): string {
    return this.families.value('family', familyOf(topic));
  }
}

/**
 * Wraps `bus` so that its traffic shows in Prometheus: messages published and handled (acked,
 * failed, abandoned) by topic family, redeliveries (delivery attempt above 1) and dead letters
 * (a delivery failing on its last allowed attempt). The wrapper is an `EventBus` itself.
 *
 * @example
 * ```ts
 * const bus = instrumentEventBus(new InMemoryEventBus(), { registry });
 * await bus.publish('task.summarise', { payload: {} });
 * ```
 */
export function instrumentEventBus(
  bus: EventBus,
  options: InstrumentEventBusOptions = {},
): InstrumentedEventBus {
  if (
    typeof bus !== 'object' ||
    bus === null ||
    typeof bus.publish !== 'function' ||
    typeof bus.subscribe !== 'function'
  ) {
    throw new ConfigurationError(
      `instrumentEventBus needs an EventBus, got ${describeValue(bus)}: pass the bus to count, such as new InMemoryEventBus()`,
    );
  }
  return new InstrumentedEventBus(
    bus,
    checkRegistry(options.registry),
    checkMetricPrefix(options.prefix),
    checkMaxLabelValues(options.maxLabelValues),
  );
}

function createBusMetricSet(registry: Registry, prefix: string): BusMetricSet {
  const registers = [registry];
  return registerMetrics('bus', prefix, () => ({
    published: new Counter({
      name: `${prefix}bus_messages_published_total`,
      help: 'Messages the bus accepted for publishing, by topic family (first dotted segment of the topic).',
      labelNames: ['family'] as const,
      registers,
    }),
    handled: new Counter({
      name: `${prefix}bus_messages_handled_total`,
      help: 'Deliveries handled, by topic family and outcome (acked, failed, abandoned after an ack timeout or shutdown).',
      labelNames: ['family', 'outcome'] as const,
      registers,
    }),
    redeliveries: new Counter({
      name: `${prefix}bus_redeliveries_total`,
      help: 'Deliveries with a delivery attempt above 1, by topic family.',
      labelNames: ['family'] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: `${prefix}bus_dead_letters_total`,
      help: 'Messages sent to the dead-letter topic after their last allowed delivery failed, by topic family.',
      labelNames: ['family'] as const,
      registers,
    }),
  }));
}
