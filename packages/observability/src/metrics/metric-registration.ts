import { ConfigurationError, describeValue } from '@agenticflow/core';
import { Registry } from 'prom-client';

/** Prefix of every metric name unless told otherwise. */
export const DEFAULT_METRIC_PREFIX = 'agenticflow_';
const PREFIX_PATTERN = /^([a-z_:][a-z0-9_:]*)?$/;

/** Throws `INVALID_CONFIGURATION` unless `prefix` can start a snake_case Prometheus name. */
export function checkMetricPrefix(prefix: unknown): string {
  if (prefix === undefined) return DEFAULT_METRIC_PREFIX;
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new ConfigurationError(
      `metric prefix ${describeValue(prefix)} is not a snake_case Prometheus name start ([a-z_:][a-z0-9_:]*): use lower-case letters, digits and underscores, such as '${DEFAULT_METRIC_PREFIX}'`,
      { details: { prefix: describeValue(prefix) } },
    );
  }
  return prefix;
}

/** Throws `INVALID_CONFIGURATION` unless `registry` is a prom-client `Registry`; defaults to a new one. */
export function checkRegistry(registry: unknown): Registry {
  if (registry === undefined) return new Registry();
  if (
    typeof registry !== 'object' ||
    registry === null ||
    typeof (registry as Registry).registerMetric !== 'function' ||
    typeof (registry as Registry).metrics !== 'function'
  ) {
    throw new ConfigurationError(
      `registry must be a prom-client Registry, got ${describeValue(registry)}: pass new Registry() from prom-client, or leave it out`,
    );
  }
  return registry as Registry;
}

/**
 * Creates metrics with `build`, turning prom-client's "already registered" error into an
 * `INVALID_CONFIGURATION` that says which metric clashed and how to avoid it.
 */
export function registerMetrics<T>(what: string, prefix: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/already been registered/.test(message)) throw error;
    throw new ConfigurationError(
      `cannot register the ${what} metrics with prefix '${prefix}': ${message} Use one registry per ${what} instance, or a different prefix`,
      { cause: error, details: { prefix } },
    );
  }
}
