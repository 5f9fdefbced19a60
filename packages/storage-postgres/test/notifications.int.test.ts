import { describeUnlessSkipped, uniqueToken } from '@agenticflow/conformance';
import { makeEvents, waitFor } from '@agenticflow/core/testing';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresEventStore, type PostgresEventStore } from '../src/index.js';
import { adminPool, dropSchema, POSTGRES_URL, skip, uniqueSchema } from './test-database.js';

const schema = uniqueSchema('notify');
// Long enough that only a notification can deliver an event within a test.
const NO_POLLING = 600_000;

describeUnlessSkipped('live subscriptions across stores (LISTEN/NOTIFY)', skip, () => {
  const admin = skip ? undefined : adminPool(2);
  let writer: PostgresEventStore;

  const listenSessions = async () =>
    (
      await admin!.query<{ pid: number }>(
        'select pid from pg_stat_activity where query = $1 and pid <> pg_backend_pid()',
        [`listen "af_${schema}"`],
      )
    ).rows.map((row) => row.pid);

  beforeAll(async () => {
    writer = await createPostgresEventStore({ connectionString: POSTGRES_URL, schema });
  });

  afterAll(async () => {
    await writer?.close();
    await admin?.end();
    if (!skip) await dropSchema(schema);
  });

  it('wakes a subscription of another store by NOTIFY, without polling', async () => {
    const reader = await createPostgresEventStore({
      connectionString: POSTGRES_URL,
      schema,
      pollIntervalMs: NO_POLLING,
      migrate: false,
    });
    try {
      expect(reader.capabilities.liveNotifications).toBe(true);
      const prefix = `${uniqueToken()}-`;
      const seen: number[] = [];
      const subscription = reader.subscribe({
        from: 'end',
        filter: { streamPrefix: prefix },
        handler: (event) => void seen.push(event.version),
      });
      await subscription.caughtUp;
      await waitFor(async () => (await listenSessions()).length > 0, { message: 'a LISTEN' });
      for (let version = 1; version <= 3; version++) {
        await writer.append(`${prefix}s`, makeEvents(1));
        await waitFor(() => seen.length === version, { message: `event ${version} by NOTIFY` });
      }
      expect(seen).toEqual([1, 2, 3]);
    } finally {
      await reader.close();
    }
  });

  it('listens again after its LISTEN connection is killed', async () => {
    const reader = await createPostgresEventStore({
      connectionString: POSTGRES_URL,
      schema,
      pollIntervalMs: NO_POLLING,
      migrate: false,
    });
    try {
      const prefix = `${uniqueToken()}-`;
      const seen: number[] = [];
      const subscription = reader.subscribe({
        from: 'end',
        filter: { streamPrefix: prefix },
        handler: (event) => void seen.push(event.version),
      });
      await subscription.caughtUp;
      const [first] = await waitFor(async () => {
        const pids = await listenSessions();
        return pids.length === 1 ? pids : undefined;
      });
      await admin!.query('select pg_terminate_backend($1)', [first]);
      await waitFor(
        async () => {
          const pids = await listenSessions();
          return pids.length === 1 && pids[0] !== first;
        },
        { message: 'a new LISTEN connection' },
      );
      await writer.append(`${prefix}s`, makeEvents(2));
      await waitFor(() => seen.length === 2, { message: 'events after reconnecting' });
      expect((await Promise.race([subscription.ended, Promise.resolve('running')])) as string).toBe(
        'running',
      );
    } finally {
      await reader.close();
    }
    expect(await listenSessions()).toEqual([]);
  });

  it('falls back to polling when notifications are off', async () => {
    const reader = await createPostgresEventStore({
      connectionString: POSTGRES_URL,
      schema,
      notifications: false,
      pollIntervalMs: 25,
      migrate: false,
    });
    try {
      expect(reader.capabilities.liveNotifications).toBe(false);
      const prefix = `${uniqueToken()}-`;
      const seen: number[] = [];
      const subscription = reader.subscribe({
        from: 'end',
        filter: { streamPrefix: prefix },
        handler: (event) => void seen.push(event.version),
      });
      await subscription.caughtUp;
      await writer.append(`${prefix}s`, makeEvents(2));
      await waitFor(() => seen.length === 2, { message: 'events by polling' });
    } finally {
      await reader.close();
    }
  });

  it('works on a Kysely instance with plugins, listening on the URL it is given', async () => {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    pool.on('error', () => {});
    const kysely = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin()],
    });
    const reader = await createPostgresEventStore({
      kysely,
      schema,
      notifications: { connectionString: POSTGRES_URL },
      pollIntervalMs: NO_POLLING,
      migrate: false,
    });
    try {
      const prefix = `${uniqueToken()}-`;
      const seen: string[] = [];
      const subscription = reader.subscribe({
        from: 'end',
        filter: { streamPrefix: prefix },
        handler: (event) => void seen.push(event.streamId),
      });
      await subscription.caughtUp;
      await waitFor(async () => (await listenSessions()).length > 0, { message: 'a LISTEN' });
      await writer.append(`${prefix}s`, makeEvents(1));
      await waitFor(() => seen.length === 1, { message: 'an event through the Kysely store' });
      const appended = await reader.append(`${prefix}t`, makeEvents(1));
      expect(appended.events[0]?.streamId).toBe(`${prefix}t`);
      await waitFor(() => seen.length === 2);
      expect(seen).toEqual([`${prefix}s`, `${prefix}t`]);
    } finally {
      await reader.close();
      await kysely.destroy();
    }
  });
});
