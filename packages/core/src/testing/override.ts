import type { EventBus } from '../bus/event-bus.js';
import type { EventStore } from '../store/event-store.js';

/**
 * An `EventStore` that forwards every call to `store` except those in `overrides`: for fault
 * injection in tests (an append that fails, hangs or records what it was given).
 *
 * @example
 * ```ts
 * const flaky = overrideEventStore(store, {
 *   append: () => Promise.reject(new ConnectionFailedError('injected')),
 * });
 * ```
 */
export function overrideEventStore(store: EventStore, overrides: Partial<EventStore>): EventStore {
  return {
    get capabilities() {
      return store.capabilities;
    },
    append: (streamId, events, options) => store.append(streamId, events, options),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    getConsumerPosition: (consumer) => store.getConsumerPosition(consumer),
    saveSnapshot: (streamId, snapshot) => store.saveSnapshot(streamId, snapshot),
    loadSnapshot: (streamId) => store.loadSnapshot(streamId),
    deleteStream: (streamId) => store.deleteStream(streamId),
    close: () => store.close(),
    ...overrides,
  };
}

/** An `EventBus` that forwards every call to `bus` except those in `overrides` (fault injection). */
export function overrideEventBus(bus: EventBus, overrides: Partial<EventBus>): EventBus {
  return {
    get capabilities() {
      return bus.capabilities;
    },
    publish: (topic, message) => bus.publish(topic, message),
    subscribe: (pattern, handler, options) => bus.subscribe(pattern, handler, options),
    close: () => bus.close(),
    ...overrides,
  };
}
