import {
  ConfigurationError,
  describeValue,
  type EventStore,
  type StoreSubscription,
  type SubscriptionEnd,
} from '@agenticflow/core';
import type { Registry } from 'prom-client';
import { createEventMetricSet } from './event-metric-set.js';
import { EventMetricsRecorder } from './event-metrics-recorder.js';
import { checkMaxLabelValues, LabelValueCap } from './label-values.js';
import { checkMetricPrefix, checkRegistry } from './metric-registration.js';

/** Options of {@link createEventMetrics}. */
export interface EventMetricsOptions {
  /** The event log to derive metrics from. */
  readonly store: EventStore;
  /**
   * Where the metrics are registered.
   * @defaultValue a new prom-client `Registry`
   */
  readonly registry?: Registry;
  /**
   * Start of every metric name.
   * @defaultValue 'agenticflow_'
   */
  readonly prefix?: string;
  /**
   * Distinct values each label (workflow, tool, family) may take; later values are counted under
   * `"other"`.
   * @defaultValue 200
   */
  readonly maxLabelValues?: number;
  /**
   * Where to start reading the log. `'start'` folds the whole log, so gauges such as pending
   * approvals are right from the first scrape; `'end'` counts only what happens from now on.
   * @defaultValue 'start'
   */
  readonly from?: 'start' | 'end' | bigint;
}

/** The running metrics of {@link createEventMetrics}. */
export interface EventMetrics {
  /** The registry holding the metrics: serve it with `metricsHandler(registry)`. */
  readonly registry: Registry;
  /** Position of the last event counted, or `null` before the first. */
  readonly position: bigint | null;
  /** Resolves once every event stored when the metrics started has been counted. */
  readonly caughtUp: Promise<void>;
  /** Resolves when the underlying subscription ends (closed, or failed with the store's error). */
  readonly ended: Promise<SubscriptionEnd>;
  /** Stops following the log. The metrics stay registered with their last values. */
  close(): Promise<void>;
}

/**
 * Maintains Prometheus metrics from the event log: runs, step durations, tool calls, pending
 * approvals and appended events. It subscribes without a consumer name: the counts live in memory,
 * so after a restart they are rebuilt from `from`, never resumed from a stored position.
 *
 * @example
 * ```ts
 * const metrics = createEventMetrics({ store });
 * http.createServer(metricsHandler(metrics.registry)).listen(9464);
 * // later
 * await metrics.close();
 * ```
 */
export function createEventMetrics(options: EventMetricsOptions): EventMetrics {
  const { store } = options;
  if (typeof store !== 'object' || store === null || typeof store.subscribe !== 'function') {
    throw new ConfigurationError(
      `store must be an EventStore, got ${describeValue(store)}: pass the store your runs are recorded in`,
    );
  }
  const from = options.from ?? 'start';
  if (from !== 'start' && from !== 'end' && (typeof from !== 'bigint' || from < 1n)) {
    throw new ConfigurationError(
      `from must be 'start', 'end' or a global position (bigint >= 1n), got ${describeValue(from)}`,
    );
  }
  const registry = checkRegistry(options.registry);
  const prefix = checkMetricPrefix(options.prefix);
  const max = checkMaxLabelValues(options.maxLabelValues);
  const metrics = createEventMetricSet(registry, prefix);
  const labels = new LabelValueCap(max, (label) => metrics.labelValuesCapped.inc({ label }));
  const recorder = new EventMetricsRecorder(metrics, labels, store);
  const subscription: StoreSubscription = store.subscribe({
    from,
    handler: (event) => recorder.record(event),
  });
  return {
    registry,
    get position() {
      return subscription.position;
    },
    caughtUp: subscription.caughtUp,
    ended: subscription.ended,
    close: () => subscription.close(),
  };
}
