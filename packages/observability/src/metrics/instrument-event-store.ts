import {
  type AppendOptions,
  type AppendResult,
  ConfigurationError,
  describeValue,
  type EventStore,
  ForwardingEventStore,
  hasErrorCode,
  type NewEvent,
} from '@agenticflow/core';
import { Histogram, type Registry } from 'prom-client';
import { checkMetricPrefix, checkRegistry, registerMetrics } from './metric-registration.js';

/** Buckets of append durations, in seconds: an embedded append takes ~0.1 ms, a remote one ms. */
const APPEND_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1,
];

/** Options of {@link instrumentEventStore}. */
export interface InstrumentEventStoreOptions {
  /** @defaultValue a new prom-client `Registry` */
  readonly registry?: Registry;
  /** @defaultValue 'agenticflow_' */
  readonly prefix?: string;
}

type AppendOutcome = 'ok' | 'conflict' | 'error';

/**
 * An {@link EventStore} that forwards everything to another store and times its appends. Create
 * it with {@link instrumentEventStore}.
 */
export class InstrumentedEventStore extends ForwardingEventStore {
  private readonly appendDuration: Histogram<'outcome'>;

  constructor(
    inner: EventStore,
    /** Where the store metrics are registered. */
    readonly registry: Registry,
    prefix: string,
  ) {
    super(inner);
    this.appendDuration = registerMetrics('store', prefix, () => ({
      appendDuration: new Histogram({
        name: `${prefix}store_append_duration_seconds`,
        help: 'Duration of event store appends, by outcome (ok, conflict on expectedVersion, error).',
        labelNames: ['outcome'] as const,
        buckets: APPEND_BUCKETS,
        registers: [registry],
      }),
    })).appendDuration;
  }

  override async append(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const started = process.hrtime.bigint();
    let outcome: AppendOutcome = 'ok';
    try {
      return await this.inner.append(streamId, events, options);
    } catch (error) {
      outcome = hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT') ? 'conflict' : 'error';
      throw error;
    } finally {
      this.appendDuration.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}

/**
 * Wraps `store` so that its append latency shows in Prometheus
 * (`agenticflow_store_append_duration_seconds` by outcome). The wrapper is an `EventStore`
 * itself: hand it to engines, agents and tools in place of the store.
 *
 * @example
 * ```ts
 * const store = instrumentEventStore(await createSqliteEventStore({ filename }), { registry });
 * ```
 */
export function instrumentEventStore(
  store: EventStore,
  options: InstrumentEventStoreOptions = {},
): InstrumentedEventStore {
  if (
    typeof store !== 'object' ||
    store === null ||
    typeof store.append !== 'function' ||
    typeof store.readStream !== 'function'
  ) {
    throw new ConfigurationError(
      `instrumentEventStore needs an EventStore, got ${describeValue(store)}: pass the store to time, such as new InMemoryEventStore()`,
    );
  }
  return new InstrumentedEventStore(
    store,
    checkRegistry(options.registry),
    checkMetricPrefix(options.prefix),
  );
}
