import { describeValue, ValidationError } from '@agenticflow/core';
import type { StoreContext } from './store-context.js';

/** The stored position of a named consumer, or `null`. */
export async function loadConsumerPosition(
  ctx: StoreContext,
  consumer: string,
): Promise<bigint | null> {
  assertConsumerName(consumer);
  const [row] = await ctx.query<{ position: string }>(
    `load position of consumer ${consumer}`,
    `select position::text as position from ${ctx.s}.consumers where name = $1`,
    [consumer],
  );
  return row === undefined ? null : BigInt(row.position);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: \u0000 cannot be stored in a text column.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Throws `VALIDATION_FAILED` unless `consumer` is a name PostgreSQL can store as given. */
export function assertConsumerName(consumer: unknown): asserts consumer is string {
  if (typeof consumer === 'string' && consumer.length > 0 && !UNSTORABLE.test(consumer)) return;
  throw new ValidationError('invalid consumer name', [
    {
      path: ['consumer'],
      message: `must be a non-empty string without \\u0000 or lone surrogates, got ${describeValue(consumer)}`,
    },
  ]);
}

/** Stores a consumer's position; never moves it backwards. */
export async function saveConsumerPosition(
  ctx: StoreContext,
  consumer: string,
  position: bigint,
): Promise<void> {
  await ctx.query(
    `save position of consumer ${consumer}`,
    ctx.statement(
      'save consumer position',
      () =>
        `insert into ${ctx.s}.consumers (name, position) values ($1, $2) on conflict (name) do update set position = greatest(consumers.position, excluded.position), updated_at = now()`,
    ),
    [consumer, position.toString()],
  );
}
