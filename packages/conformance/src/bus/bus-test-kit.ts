import type { BusMessage, EventBus } from '@agenticflow/core';
import { afterEach, beforeEach } from 'vitest';
import type { EventBusHarness } from '../harness.js';

/** A recorder of delivered messages. */
export interface Inbox {
  readonly messages: BusMessage[];
  readonly handler: (message: BusMessage) => void;
  ids(): string[];
  payloads(): unknown[];
}

export function inbox(): Inbox {
  const messages: BusMessage[] = [];
  return {
    messages,
    handler: (message) => void messages.push(message),
    ids: () => messages.map((message) => message.id),
    payloads: () => messages.map((message) => message.payload),
  };
}

/** Gives each test a fresh bus and closes it afterwards, plus any extra bus the test opened. */
export function useBus(harness: EventBusHarness): { bus(): EventBus; open(): Promise<EventBus> } {
  let current: EventBus | undefined;
  const extra: EventBus[] = [];
  const close = (bus: EventBus) => (harness.destroy ? harness.destroy(bus) : bus.close());
  beforeEach(async () => {
    current = await harness.create();
  });
  afterEach(async () => {
    await Promise.all(
      [current, ...extra.splice(0)].filter((bus) => bus !== undefined).map((bus) => close(bus!)),
    );
    current = undefined;
  });
  return {
    bus: () => {
      if (!current) throw new Error(`${harness.name}: no bus; use it inside a test`);
      return current;
    },
    open: async () => {
      const bus = await harness.create();
      extra.push(bus);
      return bus;
    },
  };
}

/** Lets a negative assertion ("nothing else arrives") wait long enough to mean something. */
export const QUIET_PERIOD_MS = 250;

export function settle(ms = QUIET_PERIOD_MS): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
