import { describeUnlessSkipped } from '@agenticflow/conformance';
import { collect, type EventStore, hasErrorCode, type NewEvent } from '@agenticflow/core';
import { makeEvents, uniqueStreamId } from '@agenticflow/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PARAMETER_BATCH } from '../src/fast-append-statement.js';
import { createPostgresEventStore } from '../src/index.js';
import { dropSchema, POSTGRES_URL, skip, uniqueSchema } from './test-database.js';

const schema = uniqueSchema('batch_sizes');

/**
 * The fast path passes small batches as parameters and larger ones as one JSON array: each size
 * on both sides of the line must keep every append rule.
 */
const SIZES = [1, 2, MAX_PARAMETER_BATCH, MAX_PARAMETER_BATCH + 1, 40];

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('the append should have been refused'),
    (error: unknown) => error,
  );
}

describeUnlessSkipped('append batch sizes', skip, () => {
  let store: EventStore;

  beforeAll(async () => {
    store = await createPostgresEventStore({ connectionString: POSTGRES_URL, schema });
  });

  afterAll(async () => {
    if (skip) return;
    await store.close();
    await dropSchema(schema);
  });

  for (const size of SIZES) {
    describe(`${size} event${size === 1 ? '' : 's'}`, () => {
      it('appends after the expected version and returns what a read gives back', async () => {
        const streamId = uniqueStreamId('sizes');
        const first = await store.append(streamId, makeEvents(size), {
          expectedVersion: 'no_stream',
        });
        const second = await store.append(streamId, makeEvents(size, 'test.more', { big: true }), {
          expectedVersion: size,
        });
        expect(second.nextExpectedVersion).toBe(2 * size);
        const stored = await collect(store.readStream(streamId));
        expect(stored.map((event) => event.version)).toEqual(
          Array.from({ length: 2 * size }, (_, index) => index + 1),
        );
        expect([...first.events, ...second.events]).toEqual(stored);
        expect(second.lastPosition).toBe(stored.at(-1)!.position);
      });

      it('refuses a stale or future expected version and writes nothing', async () => {
        const streamId = uniqueStreamId('sizes');
        await store.append(streamId, makeEvents(size));
        for (const expectedVersion of [size - 1, size + 1, 'no_stream'] as const) {
          const error = await rejection(
            store.append(streamId, makeEvents(size), { expectedVersion }),
          );
          expect(hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT')).toBe(true);
        }
        expect(await collect(store.readStream(streamId))).toHaveLength(size);
      });

      it('refuses appends to a deleted stream', async () => {
        const streamId = uniqueStreamId('sizes');
        await store.append(streamId, makeEvents(size));
        await store.deleteStream(streamId);
        for (const expectedVersion of ['any', size, size + 1] as const) {
          const error = await rejection(
            store.append(streamId, makeEvents(size), { expectedVersion }),
          );
          expect(hasErrorCode(error, 'STREAM_DELETED')).toBe(true);
        }
      });

      it('stores a retried batch once and refuses its ids in another stream', async () => {
        const streamId = uniqueStreamId('sizes');
        const batch: NewEvent[] = makeEvents(size);
        const original = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
        const retry = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
        expect(retry.duplicate).toBe(true);
        expect(retry.events).toEqual(original.events);
        const elsewhere = await rejection(store.append(uniqueStreamId('sizes'), batch));
        expect(hasErrorCode(elsewhere, 'IDEMPOTENCY_CONFLICT')).toBe(true);
        expect(await collect(store.readStream(streamId))).toHaveLength(size);
      });
    });
  }
});
