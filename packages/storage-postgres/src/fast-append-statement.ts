import { isoTimeSql } from './row-to-event.js';
import type { StoreContext } from './store-context.js';
import { TOMBSTONE_TYPE } from './tombstone.js';

/**
 * The fast path of `append` as one prepared statement: $1 stream id, $2 expected version (-1 any,
 * -2 no_stream, -3 exists, n >= 0 exactly n), then either $3-$6 the id, type, data and metadata of
 * a single event, or $3 the batch as a JSON array. It inserts nothing when the expected version does
 * not match or the stream's last row is a tombstone. It returns the stream's new `version`, the
 * `tx_id` and the `time`: one row, or (for a single event) no row when it inserted nothing.
 *
 * It takes no lock: when another append or a deletion races with it, both insert the same
 * `(stream_id, version)` and the unique index makes one fail, which then takes the careful path.
 * The transaction id is taken while inserting, after the statement's snapshot, so positions grow
 * along the stream.
 */
export function fastAppendStatement(ctx: StoreContext, single: boolean): string {
  const checks = `(last.type is null or last.type <> '${TOMBSTONE_TYPE}')
    and ($2::bigint = -1 or ($2 = -2 and last.version is null)
      or ($2 = -3 and last.version is not null) or $2 = coalesce(last.version, 0))`;
  const lastRow = `select e.version, e.type from ${ctx.s}.events e
    where e.stream_id = $1 order by e.version desc limit 1`;
  const insert = `insert into ${ctx.s}.events (position, id, stream_id, version, type, data, metadata)`;
  if (single) {
    return ctx.statement(
      'append one',
      () => `${insert}
        select pg_current_xact_id()::text::bigint << 16, $3::uuid, $1,
          coalesce(last.version, 0) + 1, $4, $5::jsonb, $6::jsonb
        from (select 1) as one left join lateral (${lastRow}) as last on true
        where ${checks}
        returning version, (position >> 16)::text as tx_id, ${isoTimeSql('time')} as time`,
    );
  }
  // Materialized, so the last row is read once rather than once per event.
  return ctx.statement(
    'append batch',
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
