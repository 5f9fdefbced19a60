import { describeValue, isoTime, ValidationError } from '@agenticflow/core';
import { classifySqliteError } from './classify-sqlite-error.js';
import { errorContext, type StoreContext } from './store-context.js';

function assertConsumer(consumer: unknown): asserts consumer is string {
  if (typeof consumer !== 'string' || consumer.length === 0) {
    throw new ValidationError('invalid consumer name', [
      { path: ['consumer'], message: `must be a non-empty string, got ${describeValue(consumer)}` },
    ]);
  }
}

/** The stored position of a named consumer, or `null`. */
export async function loadConsumerPosition(
  context: StoreContext,
  consumer: string,
): Promise<bigint | null> {
  assertConsumer(consumer);
  try {
    const row = await context.db
      .selectFrom('agenticflow_consumers')
      .select('position')
      .where('name', '=', consumer)
      .executeTakeFirst();
    return row === undefined ? null : BigInt(row.position);
  } catch (error) {
    throw classifySqliteError(error, errorContext(context, `reading consumer ${consumer}`));
  }
}

/**
 * Stores a consumer's position in one statement that never moves it backwards, even when two
 * processes run the same consumer by mistake.
 */
export async function saveConsumerPosition(
  context: StoreContext,
  consumer: string,
  position: bigint,
): Promise<void> {
  try {
    await context.db
      .insertInto('agenticflow_consumers')
      .values({ name: consumer, position, time: isoTime(context.clock) })
      .onConflict((conflict) =>
        conflict
          .column('name')
          .doUpdateSet((eb) => ({
            position: eb.ref('excluded.position'),
            time: eb.ref('excluded.time'),
          }))
          .whereRef('agenticflow_consumers.position', '<', 'excluded.position'),
      )
      .execute();
  } catch (error) {
    throw classifySqliteError(error, errorContext(context, `saving consumer ${consumer}`));
  }
}
