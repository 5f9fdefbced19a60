import type { Clock, IdGenerator } from '@agenticflow/core';
import type { Kysely } from 'kysely';
import type { SqliteErrorContext } from './classify-sqlite-error.js';
import type { StoreSchema } from './schema.js';

/** What every operation of the store needs. */
export interface StoreContext {
  readonly db: Kysely<StoreSchema>;
  readonly filename: string;
  readonly busyTimeoutMs: number;
  readonly maxEventBytes: number;
  readonly maxSnapshotBytes: number;
  readonly clock: Clock;
  readonly newId: IdGenerator;
}

/** The context `classifySqliteError` needs for an operation. */
export function errorContext(context: StoreContext, operation: string): SqliteErrorContext {
  return { operation, filename: context.filename, busyTimeoutMs: context.busyTimeoutMs };
}

/** Rows read per query by `readStream` and `readAll`, so a long read never holds the connection. */
export const PAGE_SIZE = 1_000;
