import type { EventStore } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { expect, it } from 'vitest';
import type { EventStoreHarness } from '../harness.js';

export function lifecycleSuite(harness: EventStoreHarness): void {
  const close = (store: EventStore) => (harness.destroy ? harness.destroy(store) : store.close());

  it('ends its subscriptions on close, is safe to close twice, and refuses appends afterwards', async () => {
    const store = await harness.create();
    const subscription = store.subscribe({ from: 'end', handler: () => {} });
    await subscription.caughtUp;
    await close(store);
    await close(store);
    expect((await subscription.ended).reason).toBe('closed');
    await expectRejectedCode(store.append(uniqueStreamId(), makeEvents(1)), 'CLOSED');
  });
}
