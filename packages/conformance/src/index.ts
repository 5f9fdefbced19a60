export { describeEventBusConformance } from './bus/describe-event-bus-conformance.js';
export { describeUnlessSkipped, describeWithResource } from './describe-with-harness.js';
export type { EventBusHarness, EventStoreHarness } from './harness.js';
export { uniqueToken } from './ids.js';
export { redact, servicesRequired, testServiceUrls, unreachableReason } from './services.js';
export { describeEventStoreConformance } from './store/describe-event-store-conformance.js';
