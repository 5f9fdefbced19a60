/** What an {@link EventStore} guarantees; conformance suites and callers adapt to these flags. */
export interface EventStoreCapabilities {
  /** Events survive a restart of the process (and of the server, for a remote store). */
  readonly durable: boolean;
  /** Several processes can use the same store at once. */
  readonly multiProcess: boolean;
  /** New events reach subscribers by notification rather than only by polling. */
  readonly liveNotifications: boolean;
  /** Largest accepted `data` plus `metadata` of one event, in UTF-8 bytes of their JSON. */
  readonly maxEventBytes: number;
}

/** Default event size limit: 1 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

/** Defaults for stores that do not say otherwise: an in-process, non-durable store. */
export const DEFAULT_EVENT_STORE_CAPABILITIES: EventStoreCapabilities = Object.freeze({
  durable: false,
  multiProcess: false,
  liveNotifications: true,
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
});

/** Fills missing capability flags with {@link DEFAULT_EVENT_STORE_CAPABILITIES}. */
export function eventStoreCapabilities(
  flags: Partial<EventStoreCapabilities>,
): EventStoreCapabilities {
  return Object.freeze({ ...DEFAULT_EVENT_STORE_CAPABILITIES, ...flags });
}
