import { collect, type EventStore } from '@agenticflow/core';

/** Every event a store holds, as JSON text: to check that a value is gone from it. */
export async function eventStoreText(store: EventStore): Promise<string> {
  const events = await collect(store.readAll());
  return JSON.stringify(events, (_key, value) =>
    typeof value === 'bigint' ? String(value) : value,
  );
}
