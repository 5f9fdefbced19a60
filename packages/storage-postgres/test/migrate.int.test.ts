import { describeUnlessSkipped } from '@agenticflow/conformance';
import { collect } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresEventStore, PostgresEventStore } from '../src/index.js';
import { adminPool, dropSchema, POSTGRES_URL, skip, uniqueSchema } from './test-database.js';

const schemas: string[] = [];
function freshSchema(): string {
  const schema = uniqueSchema('migrate');
  schemas.push(schema);
  return schema;
}

describeUnlessSkipped('PostgresEventStore.migrate', skip, () => {
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  it('creates a fresh schema, and does nothing when run again', async () => {
    const schema = freshSchema();
    const store = new PostgresEventStore({ connectionString: POSTGRES_URL, schema });
    try {
      expect(await store.migrate()).toEqual(['0001-init']);
      expect(await store.migrate()).toEqual([]);
      const streamId = uniqueStreamId();
      await store.append(streamId, makeEvents(2));
      expect(await collect(store.readStream(streamId))).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('is safe to run from two pools at once on a fresh schema: one applies, the other waits and finds nothing to do', async () => {
    for (let round = 0; round < 3; round++) {
      const schema = freshSchema();
      const pools = [0, 1].map(() => {
        const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
        pool.on('error', () => {});
        return pool;
      });
      const stores = pools.map((pool) => new PostgresEventStore({ pool, schema }));
      try {
        const applied = await Promise.all(stores.map((store) => store.migrate()));
        expect(applied.flat()).toEqual(['0001-init']);
        const streamId = uniqueStreamId();
        await stores[0]!.append(streamId, makeEvents(1));
        await stores[1]!.append(streamId, makeEvents(1), { expectedVersion: 1 });
        expect(await collect(stores[0]!.readStream(streamId))).toHaveLength(2);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await Promise.all(pools.map((pool) => pool.end()));
      }
    }
  });

  it('refuses a database whose transaction ids are behind the stored positions, as after restoring a dump', async () => {
    const schema = freshSchema();
    const store = await createPostgresEventStore({ connectionString: POSTGRES_URL, schema });
    await store.close();
    const admin = adminPool(1);
    try {
      // An event written by a transaction id this cluster has not reached yet.
      await admin.query(
        `insert into "${schema}".events (position, id, stream_id, version, type, data, metadata)
         values ((pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000000) << 16,
           gen_random_uuid(), 'restored', 1, 'test.restored', '{}', '{}')`,
      );
      const error = await expectRejectedCode(
        createPostgresEventStore({ connectionString: POSTGRES_URL, schema }),
        'INVALID_CONFIGURATION',
      );
      expect(error.message).toContain('pg_resetwal');
    } finally {
      await admin.end();
    }
  });

  it('never migrates from the constructor', async () => {
    const schema = freshSchema();
    const store = new PostgresEventStore({ connectionString: POSTGRES_URL, schema });
    const admin = adminPool(1);
    try {
      await store.connect();
      const { rows } = await admin.query('select 1 from pg_namespace where nspname = $1', [schema]);
      expect(rows).toEqual([]);
    } finally {
      await store.close();
      await admin.end();
    }
  });
});
