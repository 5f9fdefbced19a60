import { describeEventStoreConformance } from '@agenticflow/conformance';
import { afterAll } from 'vitest';
import { createPostgresEventStore } from '../src/index.js';
import { dropSchema, POSTGRES_URL, skip, uniqueSchema } from './test-database.js';

const schema = uniqueSchema('custom');

describeEventStoreConformance({
  name: `postgres (custom schema ${schema})`,
  skip,
  create: () => createPostgresEventStore({ connectionString: POSTGRES_URL, schema }),
});

afterAll(async () => {
  if (!skip) await dropSchema(schema);
});
