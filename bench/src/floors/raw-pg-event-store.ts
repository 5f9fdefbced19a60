import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL of the W3/W4 benchmarks (the same variable and default as the tests). */
export const POSTGRES_URL =
  process.env.AF_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

/**
 * The W3/W4 PostgreSQL floor: plain `pg` INSERTs into a comparable table (id, stream, version,
 * type, jsonb data, commit time) under a unique `(stream_id, version)` constraint, which is what
 * rejects a stale expected version. One autocommit statement per append: a single-row INSERT, or
 * one multi-row INSERT for a batch. No validation, no idempotency index on event ids, no stream
 * table, no global-order technique, no notification. Reads are `SELECT … WHERE stream_id = $1
 * ORDER BY version`. Like the store it is compared with, it uses named prepared statements, so the
 * floor does not pay a parse per statement that the store avoids.
 */
export class RawPgEventStore {
  private readonly pool: pg.Pool;

  private constructor(
    private readonly table: string,
    poolSize: number,
  ) {
    this.pool = new pg.Pool({ connectionString: POSTGRES_URL, max: poolSize });
    this.pool.on('error', () => {});
  }

  /** Creates the table `schema.raw_events` (the schema must exist) and a pool of `poolSize`. */
  static async open(schema: string, poolSize = 10): Promise<RawPgEventStore> {
    const store = new RawPgEventStore(`"${schema}".raw_events`, poolSize);
    await store.pool.query(`
      create table if not exists ${store.table} (
        position bigserial primary key,
        id uuid not null,
        stream_id text not null,
        version integer not null,
        type text not null,
        data jsonb not null,
        time timestamptz not null default now(),
        unique (stream_id, version)
      )`);
    return store;
  }

  /** Appends `payloads` as versions `expectedVersion + 1…`; resolves to the new version. */
  async append(
    streamId: string,
    type: string,
    payloads: readonly unknown[],
    expectedVersion: number,
  ): Promise<number> {
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const [index, payload] of payloads.entries()) {
      const at = values.length;
      rows.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5})`);
      values.push(
        randomUUID(),
        streamId,
        expectedVersion + index + 1,
        type,
        JSON.stringify(payload),
      );
    }
    await this.pool.query({
      name: `raw_insert_${payloads.length}`,
      text: `insert into ${this.table} (id, stream_id, version, type, data) values ${rows.join(', ')}`,
      values,
    });
    return expectedVersion + payloads.length;
  }

  async *readStream(streamId: string): AsyncIterable<{ version: number; data: unknown }> {
    const { rows } = await this.pool.query<{ version: number; data: unknown }>({
      name: 'raw_read_stream',
      text: `select id, version, type, data, time from ${this.table} where stream_id = $1 order by version`,
      values: [streamId],
    });
    yield* rows;
  }

  /** Number of events of `type` in a stream. */
  async count(streamId: string, type: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(
      `select count(*) from ${this.table} where stream_id = $1 and type = $2`,
      [streamId, type],
    );
    return Number(rows[0]!.count);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
