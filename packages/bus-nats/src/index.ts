export { createNatsEventBus } from './create-nats-event-bus.js';
export { NatsEventBus } from './nats-event-bus.js';
export type { NatsDurableMode, NatsEventBusOptions } from './nats-event-bus-options.js';
