import type { PreparedEvent } from '@agenticflow/core';
import { isoTimeSql } from './row-to-event.js';
import type { StoreContext } from './store-context.js';
import { TOMBSTONE_TYPE } from './tombstone.js';

/**
 * Largest batch that the fast path passes as bound parameters (four per event, one statement text
 * per batch size); larger batches go as one JSON array. Parameters skip the server's JSON parsing
 * and field extraction: a two-event append (a workflow step's completion with the next step's
 * start) takes 30-40 µs less than through the JSON array (benchmark W3).
 */
export const MAX_PARAMETER_BATCH = 8;

/**
 * The fast path of `append` as one prepared statement: $1 stream id, $2 expected version (-1 any,
 * -2 no_stream, -3 exists, n >= 0 exactly n), then the events: for a batch of up to
 * {@link MAX_PARAMETER_BATCH}, four parameters per event (id, type, data and metadata as JSON
 * text), else $3 the batch as a JSON array (see {@link fastAppendParameters}). It inserts nothing
 * when the expected version does not match or the stream's last row is a tombstone. It returns the
 * `version`, the `tx_id` and the `time`: per inserted row for a parameter batch (no row when it
 * inserted nothing), or one row with the new version (`null` when it inserted nothing) for a JSON
 * batch.
 *
 * It takes no lock: when another append or a deletion races with it, both insert the same
 * `(stream_id, version)` and the unique index makes one fail, which then takes the careful path.
 * The transaction id is taken while inserting, after the statement's snapshot, so positions grow
 * along the stream.
 */
export function fastAppendStatement(ctx: StoreContext, count: number): string {
  const lastRow = `select e.version, e.type from ${ctx.s}.events e
    where e.stream_id = $1 order by e.version desc limit 1`;
  const checks = `(last.type is null or last.type <> '${TOMBSTONE_TYPE}')
    and ($2::bigint = -1 or ($2 = -2 and last.version is null)
      or ($2 = -3 and last.version is not null) or $2 = coalesce(last.version, 0))`;
  const insert = `insert into ${ctx.s}.events (position, id, stream_id, version, type, data, metadata)`;
  if (count <= MAX_PARAMETER_BATCH) {
    return ctx.statement(`append ${count}`, () => {
      const rows = Array.from({ length: count }, (_, index) => {
        const at = 3 + index * 4;
        return `($${at}::uuid, $${at + 1}, $${at + 2}::jsonb, $${at + 3}::jsonb, ${index + 1})`;
      });
      return `${insert}
        select (pg_current_xact_id()::text::bigint << 16) + x.ord - 1, x.id, $1,
          coalesce(last.version, 0) + x.ord, x.type, x.data, x.metadata
        from (select 1) as one left join lateral (${lastRow}) as last on true
          cross join (values ${rows.join(', ')}) as x(id, type, data, metadata, ord)
        where ${checks}
        returning version, (position >> 16)::text as tx_id, ${isoTimeSql('time')} as time`;
    });
  }
  // One row back however large the batch; materialized, so the last row is read once.
  return ctx.statement(
    'append json',
    () => `with last as materialized (${lastRow}), inserted as (
      ${insert}
      select (pg_current_xact_id()::text::bigint << 16) + x.ord - 1, (x.value->>'id')::uuid, $1,
        coalesce(last.version, 0) + x.ord::integer, x.value->>'type', x.value->'data',
        x.value->'metadata'
      from (select 1) as one left join last on true
        cross join jsonb_array_elements($3::jsonb) with ordinality as x(value, ord)
      where ${checks}
      returning version, position
    )
    select max(version) as version, (max(position) >> 16)::text as tx_id,
      ${isoTimeSql('now()')} as time
    from inserted`,
  );
}

/** The events of a batch as {@link fastAppendStatement} takes them after $1 and $2. */
export function fastAppendParameters(
  events: readonly PreparedEvent[],
  batchJson: () => string,
): unknown[] {
  if (events.length > MAX_PARAMETER_BATCH) return [batchJson()];
  const parameters: unknown[] = new Array(events.length * 4);
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    parameters[index * 4] = event.id;
    parameters[index * 4 + 1] = event.type;
    parameters[index * 4 + 2] = JSON.stringify(event.data);
    parameters[index * 4 + 3] = JSON.stringify(event.metadata);
  }
  return parameters;
}
