export { makeEvents, uniqueStreamId } from './event-factories.js';
export { ManualClock } from './manual-clock.js';
export { type WaitForOptions, waitFor } from './wait-for.js';
