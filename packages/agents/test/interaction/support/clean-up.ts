import {
  deleteNatsStreams,
  deleteRedisKeys,
  dropPostgresSchema,
} from '../../support/service-cleanup.js';
import type { Backends } from './backends.js';

/** Removes what a test run created: its Postgres schema, its NATS streams, its Redis keys. */
export async function cleanUp(backends: Backends): Promise<void> {
  await dropPostgresSchema(backends.postgresUrl, backends.schema);
  if (backends.bus === 'nats') await deleteNatsStreams(backends.busUrl, backends.busPrefix);
  else await deleteRedisKeys(backends.busUrl, backends.busPrefix);
}
