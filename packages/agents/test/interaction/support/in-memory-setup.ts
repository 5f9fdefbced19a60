import { type Clock, InMemoryEventBus, InMemoryEventStore } from '@agenticflow/core';
import { afterEach } from 'vitest';
import { type AgentMessenger, createAgentMessenger } from '../../../src/interaction/index.js';

const closers: Array<() => Promise<void>> = [];
const hanging: Array<() => void> = [];

afterEach(async () => {
  for (const release of hanging.splice(0)) release();
  for (const close of closers.splice(0).reverse()) await close();
});

/** A handler result that stays pending until the test ends. */
export function hang(): Promise<null> {
  return new Promise((resolve) => hanging.push(() => resolve(null)));
}

/** Registers something for the end of the test (closed in reverse order). */
export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close);
}

/** One in-memory bus and store, and messengers on them, all closed after the test. */
export function inMemorySetup(clock?: Clock) {
  const bus = new InMemoryEventBus();
  const store = new InMemoryEventStore();
  closers.push(() => bus.close());
  const messenger = (): AgentMessenger => {
    const created = createAgentMessenger({ bus, store, ...(clock ? { clock } : {}) });
    closers.push(() => created.close());
    return created;
  };
  return { bus, store, messenger };
}
