// Events
export {
  type RedactEventStoreOptions,
  RedactingEventStore,
  redactEventStore,
} from './events/redacting-event-store.js';
// Metrics

// Health
export {
  type BusProbe,
  createHealthCheck,
  DEFAULT_HEALTH_TIMEOUT_MS,
  HEALTH_STREAM_ID,
  HEALTH_TOPIC,
  type HealthCheck,
  type HealthCheckOptions,
  type HealthCheckResult,
  type HealthReport,
} from './health/create-health-check.js';
export { healthHandler } from './health/health-handler.js';
// Logs
export {
  type CreateLoggerOptions,
  createLogger,
  LOG_LEVELS,
  type LogLevel,
} from './logging/create-logger.js';
export {
  isSensitiveKey,
  MIN_SECRET_LENGTH,
  REDACTED,
  redactSecrets,
  redactText,
} from './logging/redact-secrets.js';
export {
  createEventMetrics,
  type EventMetrics,
  type EventMetricsOptions,
} from './metrics/create-event-metrics.js';
export {
  type InstrumentEventBusOptions,
  InstrumentedEventBus,
  instrumentEventBus,
} from './metrics/instrument-event-bus.js';
export {
  type InstrumentEventStoreOptions,
  InstrumentedEventStore,
  instrumentEventStore,
} from './metrics/instrument-event-store.js';
export {
  DEFAULT_MAX_LABEL_VALUES,
  OTHER_LABEL_VALUE,
  UNKNOWN_LABEL_VALUE,
} from './metrics/label-values.js';
export { DEFAULT_METRIC_PREFIX } from './metrics/metric-registration.js';
export { type HttpHandler, metricsHandler } from './metrics/metrics-handler.js';
// Traces
export {
  type SetupTracingOptions,
  setupTracing,
  type TracingHandle,
} from './tracing/setup-tracing.js';
