import type { EventBus, EventStore } from '@agenticflow/core';

/**
 * How a conformance suite gets a store to test. Stores may share one database across tests: every
 * test uses its own stream ids, types and consumer names.
 */
export interface EventStoreHarness {
  /** Shown in the suite title, such as `'postgres (custom schema)'`. */
  readonly name: string;
  /** Opens a store. Called once per suite file; the store is shared by that file's tests. */
  create(): Promise<EventStore>;
  /**
   * Closes a store made by `create`. Must tolerate being called twice on the same store (the
   * lifecycle suite checks that closing is idempotent through it).
   * @defaultValue `store.close()`
   */
  destroy?(store: EventStore): Promise<void>;
  /**
   * Why the suite cannot run here (for example, the database is unreachable); `undefined` to run.
   * Under `AF_REQUIRE_SERVICES=1` a reason fails the suite instead of skipping it.
   */
  readonly skip?: string | undefined;
}

/** How a conformance suite gets a bus to test. */
export interface EventBusHarness {
  /** Shown in the suite title. */
  readonly name: string;
  /** Opens a bus. Called once per test; topics and groups are unique per test. */
  create(): Promise<EventBus>;
  /**
   * Closes a bus made by `create`. Must tolerate being called twice on the same bus.
   * @defaultValue `bus.close()`
   */
  destroy?(bus: EventBus): Promise<void>;
  /** Why the suite cannot run here; see {@link EventStoreHarness.skip}. */
  readonly skip?: string | undefined;
}
