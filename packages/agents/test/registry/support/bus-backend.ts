// Opens the real bus a cross-process registry test runs on, and removes what the test left there.
import { createNatsEventBus } from '@agenticflow/bus-nats';
import { createRedisEventBus } from '@agenticflow/bus-redis';
import type { EventBus } from '@agenticflow/core';
import { deleteNatsStreams, deleteRedisKeys } from '../../support/service-cleanup.js';

/** Everything a child process needs to join the test's bus. */
export interface BusBackend {
  readonly kind: 'redis' | 'nats';
  readonly url: string;
  /** Redis key prefix or NATS stream prefix of this test alone. */
  readonly prefix: string;
}

export function openBus(backend: BusBackend): Promise<EventBus> {
  return backend.kind === 'nats'
    ? createNatsEventBus({ servers: backend.url, streamPrefix: backend.prefix, storage: 'memory' })
    : createRedisEventBus({ url: backend.url, keyPrefix: backend.prefix, durability: 'ignore' });
}

/** Deletes the test's NATS streams or Redis keys. */
export function cleanUpBus(backend: BusBackend): Promise<void> {
  return backend.kind === 'nats'
    ? deleteNatsStreams(backend.url, backend.prefix)
    : deleteRedisKeys(backend.url, backend.prefix);
}
