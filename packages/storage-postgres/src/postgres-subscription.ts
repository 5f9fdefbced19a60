import type { StoreSubscription, SubscriptionEnd } from '@agenticflow/core';

/**
 * A subscription from core's catch-up loop, plus an abort signal for the store's own waits
 * (a read waiting for older transactions ends at once when the subscription closes).
 */
export class PostgresSubscription implements StoreSubscription {
  constructor(
    private readonly inner: StoreSubscription,
    private readonly abort: AbortController,
  ) {}

  get consumer(): string | undefined {
    return this.inner.consumer;
  }

  get position(): bigint | null {
    return this.inner.position;
  }

  get caughtUp(): Promise<void> {
    return this.inner.caughtUp;
  }

  get ended(): Promise<SubscriptionEnd> {
    return this.inner.ended;
  }

  close(): Promise<void> {
    this.abort.abort();
    return this.inner.close();
  }
}
