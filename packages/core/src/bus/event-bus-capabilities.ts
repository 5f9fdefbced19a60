/** What an {@link EventBus} guarantees; suites and callers adapt to these flags. */
export interface EventBusCapabilities {
  /** Accepted messages survive a restart of the process and the broker. */
  readonly durable: boolean;
  /** Publishers and subscribers may live in different processes. */
  readonly crossProcess: boolean;
  /** Publishing the same message id twice (within the dedup window) delivers it once. */
  readonly deduplicatesById: boolean;
  /** Largest payload plus headers, in UTF-8 bytes of their JSON. */
  readonly maxMessageBytes: number;
}

/** Default message size limit: 1 MiB, the default NATS `max_payload`. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

/** Defaults for buses that do not say otherwise: in-process, not durable. */
export const DEFAULT_EVENT_BUS_CAPABILITIES: EventBusCapabilities = Object.freeze({
  durable: false,
  crossProcess: false,
  deduplicatesById: false,
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
});

/** Fills missing flags with {@link DEFAULT_EVENT_BUS_CAPABILITIES}. */
export function eventBusCapabilities(flags: Partial<EventBusCapabilities>): EventBusCapabilities {
  return Object.freeze({ ...DEFAULT_EVENT_BUS_CAPABILITIES, ...flags });
}
