import { CompiledQuery, type Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';

// The INSERT of an append, written once per row count as SQL: kysely's builder would compile it
// anew on each append, which costs more than SQLite takes to run it.

const INSERT_PREFIX =
  'insert into agenticflow_events (id, stream_id, version, type, data, metadata, time) values ';
const INSERT_ROW = '(?, ?, ?, ?, ?, ?, ?)';
const INSERT_SUFFIX = ' returning position, version';

/** Values of one events row, in {@link insertEvents}' column order. */
export type EventValues = readonly [
  id: string,
  streamId: string,
  version: number,
  type: string,
  data: string,
  metadata: string,
  time: string,
];

const insertTexts = new Map<number, string>();

function insertText(rows: number): string {
  let text = insertTexts.get(rows);
  if (text === undefined) {
    text = INSERT_PREFIX + new Array(rows).fill(INSERT_ROW).join(', ') + INSERT_SUFFIX;
    insertTexts.set(rows, text);
  }
  return text;
}

/** Inserts rows in one statement; returns each row's position and version, in no set order. */
export async function insertEvents(
  db: Kysely<StoreSchema>,
  rows: readonly EventValues[],
): Promise<Array<{ position: number | bigint; version: number | bigint }>> {
  const parameters: unknown[] = [];
  for (const row of rows) parameters.push(...row);
  const { rows: stored } = await db.executeQuery<{
    position: number | bigint;
    version: number | bigint;
  }>(CompiledQuery.raw(insertText(rows.length), parameters));
  return stored;
}
