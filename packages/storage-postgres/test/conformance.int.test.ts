import { describeEventStoreConformance } from '@agenticflow/conformance';
import { createPostgresEventStore } from '../src/index.js';
import { POSTGRES_URL, skip } from './test-database.js';

// The default schema, reached by URL: the store owns its pool.
describeEventStoreConformance({
  name: 'postgres (default schema, connection string)',
  skip,
  create: () => createPostgresEventStore({ connectionString: POSTGRES_URL }),
});
