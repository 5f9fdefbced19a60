import { describeUnlessSkipped } from '@agenticflow/conformance';
import { collect } from '@agenticflow/core';
import { makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresEventStore } from '../src/index.js';
import { dropSchema, POSTGRES_URL, skip, uniqueSchema } from './test-database.js';

const schema = uniqueSchema('prepared');

/** Names of the prepared statements of the one session of a pool of one. */
async function preparedOn(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>('select name from pg_prepared_statements');
  return rows.map((row) => row.name);
}

describeUnlessSkipped('named prepared statements', skip, () => {
  afterAll(async () => {
    if (!skip) await dropSchema(schema);
  });

  for (const preparedStatements of [true, false]) {
    it(`${preparedStatements ? 'prepares' : 'does not prepare'} the append and read statements when preparedStatements is ${preparedStatements}`, async () => {
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
      pool.on('error', () => {});
      const store = await createPostgresEventStore({
        pool,
        schema,
        preparedStatements,
        notifications: false,
      });
      try {
        const streamId = uniqueStreamId();
        await store.append(streamId, makeEvents(2));
        await store.append(streamId, makeEvents(1), { expectedVersion: 2 });
        expect(await collect(store.readStream(streamId))).toHaveLength(3);
        // The append and the stream read; the NOTIFY after the append may have run there too.
        const names = (await preparedOn(pool)).filter((name) => name.startsWith('af_'));
        if (preparedStatements) expect(names.length).toBeGreaterThanOrEqual(2);
        else expect(names).toEqual([]);
      } finally {
        await store.close();
        await pool.end();
      }
    });
  }
});
