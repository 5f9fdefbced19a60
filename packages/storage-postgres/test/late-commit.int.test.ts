import { describeUnlessSkipped, uniqueToken } from '@agenticflow/conformance';
import { type AgenticEvent, collect, newId } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, waitFor } from '@agenticflow/core/testing';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresEventStore, type PostgresEventStore } from '../src/index.js';
import { XMIN_QUERY } from '../src/wait-for-older-transactions.js';
import {
  adminPool,
  dropSchema,
  skip,
  uniqueSchema,
  urlWithApplicationName,
} from './test-database.js';

const schema = uniqueSchema('late');

/** Opens an append on `client` (its own connection) and leaves its transaction open. */
async function holdAppend(client: pg.PoolClient, streamId: string): Promise<string> {
  const id = newId();
  await client.query('begin');
  await client.query(`select * from "${schema}".append_events($1, -1, $2::jsonb, false)`, [
    streamId,
    JSON.stringify([{ id, type: 'test.late', data: {}, metadata: {} }]),
  ]);
  return id;
}

describeUnlessSkipped('a transaction that commits late with a lower position', skip, () => {
  const admin = skip ? undefined : adminPool(2);
  const applicationName = uniqueToken('af_late_');
  let store: PostgresEventStore;

  /** Resolves once a reader of `name` has met the open transaction and is waiting on it. */
  const readerWaiting = (name: string) =>
    waitFor(
      async () =>
        (
          await admin!.query(
            'select 1 from pg_stat_activity where application_name = $1 and query = $2',
            [name, XMIN_QUERY],
          )
        ).rowCount! > 0,
      { message: `a reader of ${name} waiting for the open transaction` },
    );

  beforeAll(async () => {
    // A short settle wait: reads stop at the open transaction instead of waiting for it to end.
    store = await createPostgresEventStore({
      connectionString: urlWithApplicationName(applicationName),
      schema,
      settleTimeoutMs: 50,
      pollIntervalMs: 20,
    });
  });

  afterAll(async () => {
    await store?.close();
    await admin?.end();
    if (!skip) await dropSchema(schema);
  });

  it('is never passed by a reader while open, and is delivered once it commits', async () => {
    const prefix = `${uniqueToken()}-`;
    const seen: AgenticEvent[] = [];
    const subscription = store.subscribe({
      filter: { streamPrefix: prefix },
      handler: (event) => void seen.push(event),
    });
    await subscription.caughtUp;
    const held = await admin!.connect();
    try {
      const lateId = await holdAppend(held, `${prefix}late`);
      // A later append commits first, with a higher position.
      const early = await store.append(`${prefix}early`, makeEvents(1, 'test.early'));
      const earlyPosition = early.events[0]!.position;

      await readerWaiting(applicationName);
      expect(await collect(store.readAll({ streamPrefix: prefix }))).toEqual([]);
      expect(await collect(store.readAll({ fromPosition: earlyPosition }))).toEqual([]);
      expect(seen).toEqual([]);
      expect(subscription.position).toBeNull();

      await held.query('commit');
      await waitFor(() => seen.length === 2, { message: 'both events after the late commit' });
      expect(seen.map((event) => event.id)).toEqual([lateId, early.events[0]!.id]);
      // The late commit really has the lower position: a reader that simply remembered the
      // highest position it had seen would have skipped it.
      expect(seen[0]!.position < earlyPosition).toBe(true);
      expect(seen[1]!.position).toBe(earlyPosition);
    } finally {
      await held.query('rollback').catch(() => {});
      held.release();
      await subscription.close();
    }
  });

  it('makes a patient reader wait for the open transaction rather than return a partial result', async () => {
    const prefix = `${uniqueToken()}-`;
    const patientName = uniqueToken('af_patient_');
    const patient = await createPostgresEventStore({
      connectionString: urlWithApplicationName(patientName),
      schema,
      migrate: false,
      settleTimeoutMs: 20_000,
    });
    const held = await admin!.connect();
    try {
      const lateId = await holdAppend(held, `${prefix}late`);
      const early = await store.append(`${prefix}early`, makeEvents(1, 'test.early'));
      const reading = collect(patient.readAll({ streamPrefix: prefix }));
      await readerWaiting(patientName);
      await held.query('commit');
      const events = await reading;
      expect(events.map((event) => event.id)).toEqual([lateId, early.events[0]!.id]);
    } finally {
      await held.query('rollback').catch(() => {});
      held.release();
      await patient.close();
    }
  });

  it('ends a read waiting on the open transaction with CLOSED when the store closes', async () => {
    const prefix = `${uniqueToken()}-`;
    const patientName = uniqueToken('af_closing_');
    const patient = await createPostgresEventStore({
      connectionString: urlWithApplicationName(patientName),
      schema,
      migrate: false,
      settleTimeoutMs: 60_000,
    });
    const held = await admin!.connect();
    try {
      await holdAppend(held, `${prefix}late`);
      await store.append(`${prefix}early`, makeEvents(1, 'test.early'));
      // The expectation is attached at once: close() may refuse the reader before it returns.
      const refused = expectRejectedCode(
        collect(patient.readAll({ streamPrefix: prefix })),
        'CLOSED',
      );
      await readerWaiting(patientName);
      await patient.close();
      await refused;
    } finally {
      await held.query('rollback').catch(() => {});
      held.release();
      await patient.close();
    }
  });
});
