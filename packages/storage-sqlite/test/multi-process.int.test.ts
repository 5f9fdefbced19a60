import { join } from 'node:path';
import { type AgenticEvent, collect } from '@agenticflow/core';
import { waitFor } from '@agenticflow/core/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '../src/index.js';
import { type Child, resultOf, startFixture } from './child-process.js';
import { tempDirectory } from './temp-database.js';

const directory = tempDirectory();
afterAll(() => directory.remove());

interface AppendReport {
  readonly worker: string;
  readonly won: number[];
  readonly conflicts: number;
  readonly unexpected: string[];
}
interface ReadReport {
  readonly passes: number;
  readonly seen: number;
  readonly anomalies: string[];
}

async function allReady(children: readonly Child[]): Promise<void> {
  await waitFor(() => children.every((child) => child.lines.includes('ready')), {
    timeoutMs: 20_000,
    message: 'every worker to open the store',
  });
}

describe('SqliteEventStore across processes', () => {
  it('lets two processes migrate a new file and append to the same streams at once: each append succeeds or gets a typed conflict, versions have no gaps, nothing is lost, and a reader and a subscriber in other processes see every event in order', async () => {
    const filename = join(directory.path, 'shared.db');
    const prefix = 'mp-';
    const appends = 150;
    const claims = 20;
    const writers = ['a', 'b'].map((worker) =>
      startFixture('append-worker', [filename, worker, prefix, `${appends}`, '3', `${claims}`]),
    );
    await allReady(writers);
    // Per writer: one ordered append and one 'any' append per index, plus its won claims.
    const expectedEvents = 2 * appends * 2 + claims;
    const reader = startFixture('read-worker', [filename, prefix, `${expectedEvents}`]);
    await allReady([reader]);

    const store = await createSqliteEventStore({ filename, pollIntervalMs: 20 });
    const delivered: AgenticEvent[] = [];
    const subscription = store.subscribe({
      filter: { streamPrefix: prefix },
      batchSize: 7,
      handler: (event) => void delivered.push(event),
    });
    await subscription.caughtUp;

    const startAt = Date.now() + 300;
    for (const child of [...writers, reader]) child.process.stdin.write(`go ${startAt}\n`);
    const reports = await Promise.all(writers.map((writer) => resultOf<AppendReport>(writer)));
    const read = await resultOf<ReadReport>(reader);

    for (const report of reports) expect(report.unexpected, `worker ${report.worker}`).toEqual([]);
    const winners = reports.flatMap((report) => report.won).sort((a, b) => a - b);
    expect(winners, 'each claimed stream has exactly one creator').toEqual(
      Array.from({ length: claims }, (_, claim) => claim),
    );

    const all = await collect(store.readAll({ streamPrefix: prefix }));
    expect(all).toHaveLength(expectedEvents);
    expect(new Set(all.map((event) => event.id)).size).toBe(expectedEvents);
    const byStream = new Map<string, number[]>();
    for (const event of all)
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event.version]);
    for (const [streamId, versions] of byStream) {
      expect(versions, streamId).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    }
    const ordered = all.filter((event) => event.type === 'test.appended');
    for (const worker of ['a', 'b']) {
      const indexes = ordered
        .filter((event) => (event.data as { worker: string }).worker === worker)
        .map((event) => (event.data as { index: number }).index);
      expect(indexes, `every append of worker ${worker}, once, in its order`).toEqual(
        Array.from({ length: appends }, (_, index) => index),
      );
    }

    expect(read.anomalies).toEqual([]);
    expect(read.seen).toBe(expectedEvents);
    expect(read.passes).toBeGreaterThan(1);

    await waitFor(() => delivered.length >= expectedEvents, {
      timeoutMs: 10_000,
      message: `${expectedEvents} events delivered to the subscriber`,
    });
    await subscription.close();
    expect(delivered.map((event) => event.id)).toEqual(all.map((event) => event.id));

    const database = new BetterSqlite3(filename, { readonly: true });
    const migrations = database.prepare('select name from agenticflow_migrations').pluck().all();
    database.close();
    expect(migrations).toEqual(['0001-init']);
    await store.close();
  }, 90_000);

  it('keeps every acknowledged append when the writing process is killed', async () => {
    const filename = join(directory.path, 'crash.db');
    const appender = startFixture('crash-appender', [filename, 'run-crash']);
    await waitFor(() => appender.lines.length >= 40, {
      timeoutMs: 20_000,
      message: '40 acknowledged appends',
    });
    appender.process.kill('SIGKILL');
    const { signal } = await appender.exited;
    expect(signal).toBe('SIGKILL');
    const acknowledged = Math.max(...appender.lines.map(Number));

    const store = await createSqliteEventStore({ filename });
    const versions = (await collect(store.readStream('run-crash'))).map((event) => event.version);
    expect(versions.length).toBeGreaterThanOrEqual(acknowledged);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    const next = await store.append('run-crash', [{ type: 'test.after', data: null }], {
      expectedVersion: versions.length,
    });
    expect(next.nextExpectedVersion).toBe(versions.length + 1);
    await store.close();
    const database = new BetterSqlite3(filename, { readonly: true });
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
    database.close();
  }, 60_000);
});
