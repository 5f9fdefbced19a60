import { describeEventStoreConformance } from '@agenticflow/conformance';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPostgresEventStore, type PostgresEventStore } from '../src/index.js';
import { dropSchema, POSTGRES_URL, skip, uniqueSchema } from './test-database.js';

const schema = uniqueSchema('pool');
const pools = new Map<PostgresEventStore, pg.Pool>();

// The user owns the pool: the store must borrow from it and leave it open on close.
describeEventStoreConformance({
  name: 'postgres (user-supplied pg.Pool)',
  skip,
  async create() {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 8 });
    pool.on('error', () => {});
    const store = await createPostgresEventStore({ pool, schema });
    pools.set(store, pool);
    return store;
  },
  async destroy(store) {
    await store.close();
    const pool = pools.get(store as PostgresEventStore);
    pools.delete(store as PostgresEventStore);
    if (pool !== undefined) {
      // Still usable after the store closed: the store must not end a pool it does not own.
      await pool.query('select 1');
      await pool.end();
    }
  },
});

afterAll(async () => {
  if (!skip) await dropSchema(schema);
});
