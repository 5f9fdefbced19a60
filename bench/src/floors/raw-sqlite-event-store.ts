import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';

/**
 * The W3/W4 SQLite floor: the least a durable SQLite event log must do, with better-sqlite3 alone.
 * The same file settings as the AgenticFlow store (WAL, `synchronous = FULL`), one `BEGIN
 * IMMEDIATE` transaction per append holding a read of the stream's version (the expected-version
 * check) and one prepared INSERT per event, under the same unique `(stream_id, version)`
 * constraint. No validation, no idempotency index on event ids, no stream table, no notification.
 */
export class RawSqliteEventStore {
  private readonly db: BetterSqlite3.Database;
  private readonly currentVersion: BetterSqlite3.Statement<[string], number | null>;
  private readonly insert: BetterSqlite3.Statement<
    [string, string, number, string, string, string]
  >;
  private readonly appendBatch: (
    streamId: string,
    type: string,
    payloads: readonly unknown[],
    expectedVersion: number,
  ) => number;

  constructor(filename: string) {
    this.db = new BetterSqlite3(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      create table if not exists events (
        position integer primary key autoincrement,
        id text not null,
        stream_id text not null,
        version integer not null,
        type text not null,
        data text not null,
        time text not null,
        unique (stream_id, version)
      )`);
    this.currentVersion = this.db
      .prepare<[string], number | null>('select max(version) from events where stream_id = ?')
      .pluck();
    this.insert = this.db.prepare(
      'insert into events (id, stream_id, version, type, data, time) values (?, ?, ?, ?, ?, ?)',
    );
    this.appendBatch = this.db.transaction((streamId, type, payloads, expectedVersion) => {
      const current = this.currentVersion.get(streamId) ?? 0;
      if (current !== expectedVersion) {
        throw new Error(
          `expectedVersion ${expectedVersion} but stream ${streamId} is at ${current}`,
        );
      }
      const time = new Date().toISOString();
      for (const [index, payload] of payloads.entries()) {
        this.insert.run(
          randomUUID(),
          streamId,
          current + index + 1,
          type,
          JSON.stringify(payload),
          time,
        );
      }
      return current + payloads.length;
    }).immediate;
  }

  /** Appends `payloads` as events of `type`; resolves to the stream's new version. */
  async append(
    streamId: string,
    type: string,
    payloads: readonly unknown[],
    expectedVersion: number,
  ): Promise<number> {
    return this.appendBatch(streamId, type, payloads, expectedVersion);
  }

  /** Appends one event in its own autocommit statement (W3's "one single-row INSERT per step"). */
  async appendOne(
    streamId: string,
    type: string,
    payload: unknown,
    version: number,
  ): Promise<void> {
    this.insert.run(
      randomUUID(),
      streamId,
      version,
      type,
      JSON.stringify(payload),
      new Date().toISOString(),
    );
  }

  async *readStream(streamId: string): AsyncIterable<{ version: number; data: unknown }> {
    const rows = this.db
      .prepare<[string], { version: number; data: string }>(
        'select version, data from events where stream_id = ? order by version',
      )
      .all(streamId);
    for (const row of rows) yield { version: row.version, data: JSON.parse(row.data) };
  }

  async *readAll(): AsyncIterable<{ version: number; position: number; data: unknown }> {
    const rows = this.db
      .prepare<[], { version: number; position: number; data: string }>(
        'select position, version, data from events order by position',
      )
      .all();
    for (const row of rows) {
      yield { version: row.version, position: row.position, data: JSON.parse(row.data) };
    }
  }

  /** Number of events of `type` in a stream. */
  async count(streamId: string, type: string): Promise<number> {
    return this.db
      .prepare<[string, string], number>(
        'select count(*) from events where stream_id = ? and type = ?',
      )
      .pluck()
      .get(streamId, type)!;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
