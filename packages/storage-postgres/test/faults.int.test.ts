import { createServer, type Server, type Socket } from 'node:net';
import { describeUnlessSkipped, uniqueToken } from '@agenticflow/conformance';
import { collect, hasErrorCode, isAgenticFlowError } from '@agenticflow/core';
import {
  expectRejectedCode,
  expectThrownCode,
  makeEvents,
  uniqueStreamId,
  waitFor,
} from '@agenticflow/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore, type PostgresEventStore } from '../src/index.js';
import {
  adminPool,
  dropSchema,
  POSTGRES_URL,
  skip,
  uniqueSchema,
  urlWithApplicationName,
} from './test-database.js';

const schema = uniqueSchema('faults');

/** A TCP server on a free loopback port that accepts connections and drops them at once. */
async function droppingServer(): Promise<{ server: Server; port: number; accepted: () => number }> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, accepted: () => accepted };
}

describe('a PostgreSQL server unreachable at start', () => {
  it('is retried a bounded number of times, then fails naming the URL without its password', async () => {
    const { server, port, accepted } = await droppingServer();
    try {
      const url = `postgres://af_user:s3cret-Pa55@127.0.0.1:${port}/agenticflow`;
      const error = await expectRejectedCode(
        createPostgresEventStore({ connectionString: url, connectAttempts: 3 }),
        'CONNECTION_FAILED',
      );
      expect(accepted()).toBe(3);
      expect(error.message).toContain(`postgres://af_user:***@127.0.0.1:${port}/agenticflow`);
      expect(error.message).toContain('after 3 attempts');
      expect(error.message).not.toContain('s3cret-Pa55');
      expect(JSON.stringify(error.details)).not.toContain('s3cret-Pa55');
      expect(error.details).toMatchObject({ attempts: 3 });
      expect(error.retryable).toBe(true);
    } finally {
      server.close();
    }
  });

  it('fails with CONNECTION_FAILED when nothing listens on the port', async () => {
    const { server, port } = await droppingServer();
    await new Promise((resolve) => server.close(resolve));
    const error = await expectRejectedCode(
      createPostgresEventStore({
        connectionString: `postgres://app:hunter2@127.0.0.1:${port}/db`,
        connectAttempts: 2,
      }),
      'CONNECTION_FAILED',
    );
    expect(error.message).toContain(`postgres://app:***@127.0.0.1:${port}/db`);
    expect(error.message).not.toContain('hunter2');
  });
});

describeUnlessSkipped('PostgresEventStore under faults', skip, () => {
  const admin = skip ? undefined : adminPool(3);
  let store: PostgresEventStore;

  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: POSTGRES_URL, schema });
  });

  afterAll(async () => {
    await store?.close();
    await admin?.end();
    if (!skip) await dropSchema(schema);
  });

  it('turns a connection killed mid-append into a retryable CONNECTION_FAILED, and a retry stores the events exactly once', async () => {
    const streamId = uniqueStreamId('killed');
    const batch = makeEvents(3);
    // Hold the append at its INSERT: a SHARE lock on the table blocks row inserts.
    const blocker = await admin!.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`lock table "${schema}".events in share mode`);
      // The expectation is attached at once: the rejection may arrive before the next await ends.
      const refused = expectRejectedCode(
        store.append(streamId, batch, { expectedVersion: 'no_stream' }),
        'CONNECTION_FAILED',
      );
      const { rows } = await waitFor(async () => {
        const found = await admin!.query<{ pid: number }>(
          `select pid from pg_stat_activity
           where query like $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          [`%insert into "${schema}".events%`],
        );
        return found.rowCount === 1 ? found : undefined;
      });
      await admin!.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      const error = await refused;
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(streamId);
    } finally {
      await blocker.query('rollback');
      blocker.release();
    }
    const retry = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
    const again = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
    expect(again.duplicate).toBe(true);
    expect(again.events.map((event) => event.position)).toEqual(
      retry.events.map((event) => event.position),
    );
    const stored = await collect(store.readStream(streamId));
    expect(stored.map((event) => event.id)).toEqual(batch.map((event) => event.id));
  });

  it('completes 100 concurrent appends through a pool of 5 and leaks no connection', async () => {
    const applicationName = uniqueToken('af_pool5_');
    const small = await createPostgresEventStore({
      connectionString: urlWithApplicationName(applicationName),
      schema,
      poolSize: 5,
      migrate: false,
    });
    const sessions = async () =>
      Number(
        (
          await admin!.query<{ count: string }>(
            'select count(*) from pg_stat_activity where application_name = $1',
            [applicationName],
          )
        ).rows[0]!.count,
      );
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) most = Math.max(most, await sessions());
    })();
    try {
      const prefix = `${uniqueToken()}-`;
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) =>
          small.append(`${prefix}${i % 10}`, makeEvents(2), { expectedVersion: 'any' }),
        ),
      );
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      const events = await collect(small.readAll({ streamPrefix: prefix }));
      expect(events).toHaveLength(200);
    } finally {
      sampling = false;
      await sampler;
      await small.close();
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(5);
    await waitFor(async () => (await sessions()) === 0, {
      message: `no session of ${applicationName} left after close`,
    });
  });

  it('leaves a user-supplied pool with every connection idle after 100 concurrent appends', async () => {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 5 });
    pool.on('error', () => {});
    const onPool = await createPostgresEventStore({ pool, schema, migrate: false });
    try {
      const prefix = `${uniqueToken()}-`;
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => onPool.append(`${prefix}${i}`, makeEvents(1))),
      );
      await onPool.close();
      expect(pool.totalCount).toBeLessThanOrEqual(5);
      expect(pool.waitingCount).toBe(0);
      expect(pool.idleCount).toBe(pool.totalCount);
      expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await onPool.close();
      await pool.end();
    }
  });

  it('stores and matches stream ids, types, consumer names and snapshots holding SQL literally', async () => {
    const token = uniqueToken();
    const hostile = `${token}-'; drop table "${schema}".events; --`;
    const type = `${token}.drop-table`;
    await store.append(hostile, makeEvents(2, type), { expectedVersion: 'no_stream' });
    expect((await collect(store.readStream(hostile))).map((event) => event.streamId)).toEqual([
      hostile,
      hostile,
    ]);
    const byType = await collect(store.readAll({ types: [type, "x'); drop table t; --"] }));
    expect(byType.map((event) => event.streamId)).toEqual([hostile, hostile]);
    expect(await collect(store.readAll({ types: [`${type}' or '1'='1`] }))).toEqual([]);
    expect(await collect(store.readAll({ streamPrefix: `${token}-'; drop` }))).toHaveLength(2);
    await store.saveSnapshot(hostile, { version: 2, state: { sql: "'); delete from x; --" } });
    expect((await store.loadSnapshot(hostile))?.state).toEqual({ sql: "'); delete from x; --" });
    const consumer = `${token}'; truncate "${schema}".consumers; --`;
    const subscription = store.subscribe({
      consumer,
      filter: { streamPrefix: hostile },
      handler: () => {},
    });
    await subscription.caughtUp;
    await subscription.close();
    expect(await store.getConsumerPosition(consumer)).toBe(subscription.position);
    expect(await store.deleteStream(hostile)).toBe(true);
    const { rows } = await admin!.query<{ tables: string }>(
      'select count(*)::text as tables from pg_tables where schemaname = $1',
      [schema],
    );
    expect(Number(rows[0]!.tables)).toBeGreaterThanOrEqual(4);
  });

  it('rejects an append of more than 65,535 events with VALIDATION_FAILED, writing nothing', async () => {
    const streamId = uniqueStreamId();
    const error = await expectRejectedCode(
      store.append(
        streamId,
        Array.from({ length: 65_536 }, () => ({ type: 'test.many', data: null })),
      ),
      'VALIDATION_FAILED',
    );
    expect(error.message).toContain('65535');
    expect(await collect(store.readStream(streamId))).toEqual([]);
  });

  it('reports a store whose schema was never migrated as INVALID_CONFIGURATION naming migrate()', async () => {
    const fresh = await createPostgresEventStore({
      connectionString: POSTGRES_URL,
      schema: uniqueSchema('never'),
      migrate: false,
    });
    try {
      const error = await fresh.append(uniqueStreamId(), makeEvents(1)).catch((caught) => caught);
      expect(isAgenticFlowError(error) && error.code).toBe('INVALID_CONFIGURATION');
      expect(String(error.message)).toContain('migrate()');
      expect(hasErrorCode(error, 'INVALID_CONFIGURATION')).toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('answers reads and snapshots past the largest storable version or position without a database error', async () => {
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(2));
    expect(await collect(store.readStream(streamId, { fromVersion: 2 ** 40 }))).toEqual([]);
    const backwards = await collect(
      store.readStream(streamId, { fromVersion: 2 ** 40, direction: 'backwards' }),
    );
    expect(backwards.map((event) => event.version)).toEqual([2, 1]);
    expect(await collect(store.readAll({ fromPosition: 2n ** 70n }))).toEqual([]);
    await expectRejectedCode(
      store.saveSnapshot(streamId, { version: 2 ** 40, state: {} }),
      'VALIDATION_FAILED',
    );
  });

  it('rejects consumer names PostgreSQL cannot store as given, when subscribing', () => {
    for (const consumer of ['a\u0000b', 'lone \ud800 surrogate']) {
      expectThrownCode(() => store.subscribe({ consumer, handler: () => {} }), 'VALIDATION_FAILED');
    }
  });

  /** Resolves once a session is waiting for a lock on a statement matching `pattern`. */
  const waitingOn = (pattern: string) =>
    waitFor(
      async () =>
        (
          await admin!.query(
            `select 1 from pg_stat_activity
             where query like $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
            [pattern],
          )
        ).rowCount === 1,
      { message: `a session waiting on ${pattern}` },
    );

  it('deletes an event whose append committed while the deletion waited for it', async () => {
    const streamId = uniqueStreamId('racing');
    await store.append(streamId, makeEvents(2));
    const appending = await admin!.connect();
    try {
      // An append in flight at version 3, as the fast path writes it.
      await appending.query('begin');
      await appending.query(
        `insert into "${schema}".events (position, id, stream_id, version, type, data, metadata)
         values (pg_current_xact_id()::text::bigint << 16, gen_random_uuid(), $1, 3, 'test.late', '{}', '{}')`,
        [streamId],
      );
      const deleting = store.deleteStream(streamId);
      await waitingOn(`%"${schema}".delete_stream(%`);
      await appending.query('commit');
      expect(await deleting).toBe(true);
    } finally {
      await appending.query('rollback').catch(() => {});
      appending.release();
    }
    expect(await collect(store.readStream(streamId))).toEqual([]);
    await expectRejectedCode(store.append(streamId, makeEvents(1)), 'STREAM_DELETED');
  });

  it('refuses an append that waited for a deletion of its stream with STREAM_DELETED', async () => {
    const streamId = uniqueStreamId('racing');
    await store.append(streamId, makeEvents(2));
    const deleting = await admin!.connect();
    try {
      await deleting.query('begin');
      await deleting.query(`select "${schema}".delete_stream($1)`, [streamId]);
      // The expectation is attached at once: the append may be refused before the commit returns.
      const refused = expectRejectedCode(
        store.append(streamId, makeEvents(1), { expectedVersion: 'any' }),
        'STREAM_DELETED',
      );
      await waitingOn(`%insert into "${schema}".events%`);
      await deleting.query('commit');
      await refused;
    } finally {
      await deleting.query('rollback').catch(() => {});
      deleting.release();
    }
    expect(await collect(store.readStream(streamId))).toEqual([]);
    expect(await collect(store.readAll({ streamPrefix: streamId }))).toEqual([]);
  });
});
