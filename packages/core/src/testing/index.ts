export { makeEvents, uniqueStreamId } from './event-factories.js';
export { expectRejectedCode, expectThrownCode } from './expect-error-code.js';
export { ManualClock } from './manual-clock.js';
export { overrideEventBus, overrideEventStore } from './override.js';
export { type WaitForOptions, waitFor } from './wait-for.js';
