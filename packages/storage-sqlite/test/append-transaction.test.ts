import { join } from 'node:path';
import { type AgenticEvent, collect, newId } from '@agenticflow/core';
import { expectRejectedCode, makeEvents, uniqueStreamId, waitFor } from '@agenticflow/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteEventStore, type SqliteEventStore } from '../src/index.js';
import { tempDirectory } from './temp-database.js';

const directory = tempDirectory();
const filename = join(directory.path, 'appends.db');
let store: SqliteEventStore;
let other: SqliteEventStore;
beforeAll(async () => {
  store = await createSqliteEventStore({ filename });
  other = await createSqliteEventStore({ filename, pollIntervalMs: 20 });
});
afterAll(async () => {
  await store.close();
  await other.close();
  directory.remove();
});

describe('SqliteEventStore appends', () => {
  it('writes a batch larger than one INSERT in one transaction: another connection sees none of it or all of it', async () => {
    const streamId = uniqueStreamId();
    const size = 2_600;
    const counts = new Set<number>();
    let appending = true;
    const watching = (async () => {
      while (appending) counts.add((await collect(other.readStream(streamId))).length);
    })();
    const result = await store.append(streamId, makeEvents(size), { expectedVersion: 'no_stream' });
    appending = false;
    await watching;
    expect(result.nextExpectedVersion).toBe(size);
    expect(
      [...counts].every((count) => count === 0 || count === size),
      [...counts].join(),
    ).toBe(true);
    const positions = result.events.map((event) => event.position);
    expect(positions.every((position, i) => i === 0 || position === positions[i - 1]! + 1n)).toBe(
      true,
    );
    expect((await collect(other.readStream(streamId))).map((event) => event.position)).toEqual(
      positions,
    );
  });

  it('recognises a retry of a batch larger than one INSERT, and rolls back a large batch whose later part holds a stored id', async () => {
    const streamId = uniqueStreamId();
    const batch = makeEvents(1_200);
    const first = await store.append(streamId, batch);
    const retry = await store.append(streamId, batch, { expectedVersion: 'no_stream' });
    expect(retry).toMatchObject({ duplicate: true, nextExpectedVersion: 1_200 });
    expect(retry.events.map((event) => event.position)).toEqual(
      first.events.map((event) => event.position),
    );

    const mixed = [...makeEvents(900), batch[5]!, ...makeEvents(10)];
    const error = await expectRejectedCode(store.append(streamId, mixed), 'IDEMPOTENCY_CONFLICT');
    expect(error.details).toMatchObject({ streamId, eventId: batch[5]!.id });
    expect(await collect(store.readStream(streamId))).toHaveLength(1_200);
    const fresh = makeEvents(600);
    await expectRejectedCode(
      store.append(uniqueStreamId(), [...fresh, ...batch.slice(0, 1)]),
      'IDEMPOTENCY_CONFLICT',
    );
    const ids = new Set(fresh.map((event) => event.id));
    const leaked = (
      await collect(store.readAll({ fromPosition: first.lastPosition! + 1n }))
    ).filter((event) => ids.has(event.id));
    expect(leaked).toEqual([]);
  });

  it('settles appends that were under way when the store closes: stored and resolved, or rejected with CLOSED', async () => {
    const closing = await createSqliteEventStore({ filename });
    const streamId = uniqueStreamId();
    const attempts = Array.from({ length: 20 }, () => closing.append(streamId, makeEvents(1)));
    const closed = closing.close();
    const outcomes = await Promise.allSettled(attempts);
    await closed;
    const resolved = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(String(outcome.reason)).toContain('is closed');
    }
    expect(await collect(store.readStream(streamId))).toHaveLength(resolved);
    await expectRejectedCode(closing.append(streamId, makeEvents(1)), 'CLOSED');
    await expectRejectedCode(collect(closing.readAll()), 'CLOSED');
  });

  it('wakes a subscriber on another connection to the same file within its poll interval', async () => {
    const streamId = uniqueStreamId();
    const seen: AgenticEvent[] = [];
    const subscription = other.subscribe({
      from: 'end',
      filter: { streamPrefix: streamId },
      handler: (event) => void seen.push(event),
    });
    await subscription.caughtUp;
    for (let round = 1; round <= 3; round++) {
      await store.append(streamId, [{ id: newId(), type: 'test.remote', data: round }]);
      // Well inside the 5 s safety poll: only the data_version watcher can wake it this soon.
      await waitFor(() => seen.length === round, { timeoutMs: 2_000, message: `event ${round}` });
    }
    await subscription.close();
    expect(seen.map((event) => event.data)).toEqual([1, 2, 3]);
  });

  it('lets two stores on one file in one process append to one stream at once, each waiting for the other to commit instead of timing out', async () => {
    const streamId = uniqueStreamId();
    await store.append(streamId, makeEvents(1));
    const racing = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? store : other).append(streamId, makeEvents(1), { expectedVersion: 1 }),
      ),
    );
    expect(racing.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of racing) {
      if (outcome.status === 'rejected')
        expect(String(outcome.reason)).toContain('expectedVersion 1 but stream');
    }
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 === 0 ? store : other).append(streamId, makeEvents(2)),
      ),
    );
    const versions = (await collect(store.readStream(streamId))).map((event) => event.version);
    expect(versions).toEqual(Array.from({ length: 82 }, (_, i) => i + 1));
  });

  it('keeps positions increasing after the newest events are deleted', async () => {
    const streamId = uniqueStreamId();
    const { lastPosition } = await store.append(streamId, makeEvents(3));
    await store.deleteStream(streamId);
    const next = await store.append(uniqueStreamId(), makeEvents(1));
    expect(next.lastPosition! > lastPosition!).toBe(true);
  });
});
