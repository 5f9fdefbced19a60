import { testServiceUrls, uniqueToken, unreachableReason } from '@agenticflow/conformance';
import type { EventStore } from '@agenticflow/core';
import { createPostgresEventStore } from '@agenticflow/storage-postgres';
import { afterAll } from 'vitest';
import { EventStoreMemoryStore } from '../../src/memory/index.js';
import { dropPostgresSchema } from '../support/service-cleanup.js';
import { describeMemoryStoreConformance } from './conformance/describe-memory-store-conformance.js';
import { eventStoreText } from './persisted-text.js';

const url = testServiceUrls.postgres;
const skip = await unreachableReason(url);
const schema = `af_test_memory_${uniqueToken('').slice(-12)}`;

let store: EventStore | undefined;
describeMemoryStoreConformance({
  name: `event store (postgres, schema ${schema})`,
  skip,
  create: async () => {
    store = await createPostgresEventStore({ connectionString: url, schema });
    return new EventStoreMemoryStore({ store });
  },
  destroy: async () => {
    await store?.close();
  },
  persistedText: () => eventStoreText(store as EventStore),
});

afterAll(async () => {
  if (!skip) await dropPostgresSchema(url, schema);
});
