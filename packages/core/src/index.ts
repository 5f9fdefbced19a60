// Errors

// Event bus
export { createDeadLetterPayload, readDeadLetter } from './bus/dead-letter.js';
export type {
  BusMessage,
  BusSubscribeOptions,
  BusSubscription,
  DeadLetterPayload,
  DeliveryContext,
  EventBus,
  MessageHandler,
  OutgoingMessage,
  PublishResult,
} from './bus/event-bus.js';
export {
  DEFAULT_EVENT_BUS_CAPABILITIES,
  DEFAULT_MAX_MESSAGE_BYTES,
  type EventBusCapabilities,
  eventBusCapabilities,
} from './bus/event-bus-capabilities.js';
export {
  type BusErrorReporter,
  InMemoryEventBus,
  type InMemoryEventBusOptions,
} from './bus/in-memory-event-bus.js';
export { LazyDeliveryContext } from './bus/lazy-delivery-context.js';
export {
  type PreparedMessage,
  type PrepareMessageOptions,
  prepareMessage,
} from './bus/prepare-message.js';
export {
  DEFAULT_ACK_TIMEOUT_MS,
  DEFAULT_MAX_DELIVERIES,
  DEFAULT_REDELIVERY_BACKOFF,
  type ResolvedBusSubscribeOptions,
  resolveBusSubscribeOptions,
} from './bus/subscribe-options.js';
export {
  assertTopic,
  assertTopicPattern,
  DEAD_LETTER_PREFIX,
  deadLetterTopic,
  isDeadLetterTopic,
  MAX_TOPIC_LENGTH,
  topicMatches,
} from './bus/topics.js';
export {
  AgenticFlowError,
  type AgenticFlowErrorOptions,
  deserializeError,
  hasErrorCode,
  isAgenticFlowError,
  isRetryableError,
  type SerializedError,
  serializeError,
  toAgenticFlowError,
} from './errors/agenticflow-error.js';
export {
  AbortedError,
  ClosedError,
  ConfigurationError,
  ConnectionFailedError,
  ExpectedVersionConflictError,
  IdempotencyConflictError,
  NotFoundError,
  PayloadTooLargeError,
  StreamDeletedError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from './errors/core-errors.js';
export { type CoreErrorCode, CoreErrorCodes, type ErrorCode } from './errors/error-codes.js';
export { parseWithSchema, zodIssuesToValidationIssues } from './errors/from-zod.js';
// Events
export {
  type CreateEventOptions,
  defineEvent,
  type EventData,
  type EventDefinition,
  type EventOf,
} from './events/define-event.js';
export {
  type AgenticEvent,
  EVENT_TYPE_PATTERN,
  type EventMetadata,
  MAX_EVENT_TYPE_LENGTH,
  MAX_STREAM_ID_LENGTH,
  type NewEvent,
} from './events/envelope.js';
export {
  assertStreamId,
  checkEventType,
  checkMetadata,
  checkStreamId,
  type PreparedEvent,
  type PrepareEventsOptions,
  prepareEvents,
} from './events/prepare-events.js';
export {
  deserializeEvent,
  type SerializedEvent,
  serializeEvent,
} from './events/serialize-event.js';
// Outbox and projections
export {
  defaultEventTopic,
  type OutboxRelay,
  type OutboxRelayOptions,
  startOutboxRelay,
} from './outbox/outbox-relay.js';
export {
  type FoldedState,
  type FoldStreamOptions,
  foldStream,
  type Reducer,
} from './projections/fold-stream.js';
export {
  defineProjection,
  type Projection,
  type ProjectionState,
  rebuildProjection,
} from './projections/projection.js';
export { type Err, err, type Ok, ok, type Result, tryAsync, unwrap } from './result.js';
// Event store
export { type CatchUpSource, startCatchUpSubscription } from './store/catch-up-subscription.js';
export type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SaveSnapshotInput,
  Snapshot,
  StoreEventHandler,
  StoreSubscribeOptions,
  StoreSubscription,
  SubscriptionEnd,
} from './store/event-store.js';
export {
  DEFAULT_EVENT_STORE_CAPABILITIES,
  DEFAULT_MAX_EVENT_BYTES,
  type EventStoreCapabilities,
  eventStoreCapabilities,
} from './store/event-store-capabilities.js';
export {
  assertExpectedVersion,
  checkExpectedVersion,
  type ExpectedVersion,
  matchesExpectedVersion,
} from './store/expected-version.js';
export { ForwardingEventStore } from './store/forwarding-event-store.js';
export {
  InMemoryEventStore,
  type InMemoryEventStoreOptions,
} from './store/in-memory-event-store.js';
export {
  validateReadAllOptions,
  validateReadStreamOptions,
  validateSnapshotInput,
} from './store/read-options.js';

// Tracing (OpenTelemetry, loaded only once an SDK registered it)
export { processWithSpan, publishWithSpan } from './tracing/bus-spans.js';
export {
  type OtelApi,
  type OtelAttributeValue,
  type OtelContext,
  type OtelSpan,
  type OtelSpanContext,
  type OtelSpanOptions,
  type OtelTracer,
  otelApi,
  otelTracer,
  SPAN_STATUS_ERROR,
  SpanKinds,
  setSpanError,
} from './tracing/otel-api.js';
export { appendWithSpan, streamFamily } from './tracing/store-spans.js';
export {
  contextFromTraceparent,
  extractHeaders,
  formatTraceparent,
  injectHeaders,
  parseTraceparent,
  traceparentOf,
} from './tracing/traceparent.js';

// Utilities
export {
  type Backoff,
  type ExponentialBackoffOptions,
  exponentialBackoff,
} from './util/backoff.js';
export { type Clock, isoFromEpochMs, isoTime, systemClock } from './util/clock.js';
export { collect } from './util/collect.js';
export { describe as describeValue } from './util/describe.js';
export {
  checkJson,
  type JsonCheck,
  type JsonObject,
  type JsonPrimitive,
  type JsonValue,
  jsonByteLength,
  MAX_JSON_DEPTH,
} from './util/json.js';
export { createUuidV7Generator, type IdGenerator, isUuid, newId, uuidV7Time } from './util/uuid.js';
