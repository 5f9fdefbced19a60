import { createNatsEventBus } from '@agenticflow/bus-nats';
import { createRedisEventBus } from '@agenticflow/bus-redis';
import type { EventBus, EventStore } from '@agenticflow/core';
import { createPostgresEventStore } from '@agenticflow/storage-postgres';

/** Where a cross-process test runs: everything a child process needs to join it. */
export interface Backends {
  readonly postgresUrl: string;
  /** A schema of its own, so test runs never see each other's events. */
  readonly schema: string;
  readonly bus: 'nats' | 'redis';
  readonly busUrl: string;
  /** NATS stream prefix or Redis key prefix of its own. */
  readonly busPrefix: string;
}

export function openStore(backends: Backends): Promise<EventStore> {
  return createPostgresEventStore({
    connectionString: backends.postgresUrl,
    schema: backends.schema,
    poolSize: 4,
  });
}

export function openBus(backends: Backends): Promise<EventBus> {
  return backends.bus === 'nats'
    ? createNatsEventBus({ servers: backends.busUrl, streamPrefix: backends.busPrefix })
    : createRedisEventBus({
        url: backends.busUrl,
        keyPrefix: backends.busPrefix,
        durability: 'ignore',
      });
}

/** The backends a child process was started with (its first argument, as JSON). */
export function backendsFromArgv(): Backends {
  return JSON.parse(process.argv[2]!) as Backends;
}
