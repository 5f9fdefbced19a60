import { type Kysely, type Migration, sql } from 'kysely';
import { isoTimeSql } from '../row-to-event.js';
import { quoteSchema } from '../schema-name.js';
import { TOMBSTONE_TYPE } from '../tombstone.js';

/**
 * The first schema version: events (with tombstone rows for deleted streams), snapshots, consumer
 * positions, and the functions that write a stream under its lock: `append_events` (the careful
 * path of `append`), `delete_stream` and `save_snapshot`. A stream's version is the version of its
 * last row, one index probe away, so an append writes nothing but its events.
 *
 * Global positions are `(writing transaction id << 16) | index in the append`; see the README
 * ("Global order") for why readers can trust them.
 */
export function initMigration(schema: string): Migration {
  const s = quoteSchema(schema);
  // Two-key advisory locks live in their own key space (unlike the single bigint key kysely's
  // migrator uses); the first key names this schema, the second hashes the stream id. They are
  // taken before any write, so a waiting caller holds no transaction id and does not hold back
  // the position readers may advance to. (An assignment, not PERFORM: plpgsql evaluates it
  // without starting a query.)
  const lock = `v_void := pg_advisory_xact_lock(hashtext('agenticflow:${schema}'), hashtext(p_stream_id))::text;`;
  const tombstone = `'${TOMBSTONE_TYPE}'`;
  const lastRow = `select e.version, e.type into v_version, v_type from ${s}.events e
    where e.stream_id = p_stream_id order by e.version desc limit 1;`;
  return {
    async up(db: Kysely<unknown>) {
      await sql
        .raw(`
create table ${s}.events (
  position bigint not null,
  id uuid not null,
  stream_id text collate "C" not null,
  version integer not null,
  type text collate "C" not null,
  data jsonb not null,
  metadata jsonb not null,
  time timestamptz not null default now(),
  constraint events_pkey primary key (position),
  constraint events_id_key unique (id),
  constraint events_stream_version_key unique (stream_id, version)
);

create table ${s}.snapshots (
  stream_id text collate "C" primary key,
  version integer not null,
  state jsonb not null,
  schema_version integer not null,
  time timestamptz not null default now()
);

create table ${s}.consumers (
  name text collate "C" primary key,
  position bigint not null,
  updated_at timestamptz not null default now()
);

-- The careful path of append, under the stream's lock, after the one-statement fast path
-- inserted nothing or met a unique violation. p_expected: -1 any, -2 no_stream, -3 exists,
-- n >= 0 exactly n. Returns a JSON object: {status: 'ok' | 'conflict' | 'deleted', version,
-- txId?, time?}, or {status: 'stored', stored: [...]} with the stored events of the batch's ids,
-- for the caller to tell a retry from a conflicting reuse of ids. Ids are looked up when the
-- expected version does not match or p_check_ids is set (after a unique violation on
-- events_id_key). Call it once per transaction: positions come from the transaction id.
create function ${s}.append_events(
  p_stream_id text, p_expected bigint, p_events jsonb, p_check_ids boolean
) returns text language plpgsql as $fn$
declare
  v_count integer := jsonb_array_length(p_events);
  v_version integer;
  v_type text;
  v_matches boolean;
  v_xid bigint;
  v_stored text;
  v_void text;
begin
  ${lock}
  ${lastRow}
  if v_type = ${tombstone} then
    return '{"status":"deleted"}';
  end if;
  v_version := coalesce(v_version, 0);
  v_matches := p_expected = -1 or (p_expected = -2 and v_version = 0)
    or (p_expected = -3 and v_version > 0) or p_expected = v_version;
  if (p_check_ids or not v_matches) and v_count > 0 then
    select json_agg(json_build_object('id', e.id, 'streamId', e.stream_id, 'version', e.version,
        'position', e.position::text, 'type', e.type, 'data', e.data, 'metadata', e.metadata,
        'time', ${isoTimeSql('e.time')}))::text
      into v_stored
      from ${s}.events e
      where e.id in (select (x->>'id')::uuid from jsonb_array_elements(p_events) x);
    if v_stored is not null then
      return '{"status":"stored","stored":' || v_stored || '}';
    end if;
  end if;
  if not v_matches then
    return '{"status":"conflict","version":' || v_version || '}';
  end if;
  if v_count = 0 then
    return '{"status":"ok","version":' || v_version || '}';
  end if;
  -- Taken after the lock, so positions grow along the stream.
  v_xid := pg_current_xact_id()::text::bigint;
  insert into ${s}.events (position, id, stream_id, version, type, data, metadata)
    select (v_xid << 16) + x.ord - 1, (x.value->>'id')::uuid, p_stream_id,
      v_version + x.ord::integer, x.value->>'type', x.value->'data', x.value->'metadata'
    from jsonb_array_elements(p_events) with ordinality as x(value, ord);
  return '{"status":"ok","version":' || (v_version + v_count) || ',"txId":"' || v_xid
    || '","time":"' || ${isoTimeSql('now()')} || '"}';
end
$fn$;

-- Replaces a stream's events with a tombstone row at the next version, so an append racing with
-- the deletion collides with it on (stream_id, version). Returns false when the stream has no
-- events or is already deleted.
create function ${s}.delete_stream(p_stream_id text) returns boolean language plpgsql as $fn$
declare
  v_version integer;
  v_type text;
  v_void text;
begin
  ${lock}
  ${lastRow}
  if v_version is null or v_type = ${tombstone} then
    return false;
  end if;
  insert into ${s}.events (position, id, stream_id, version, type, data, metadata)
    values (pg_current_xact_id()::text::bigint << 16, gen_random_uuid(), p_stream_id,
      v_version + 1, ${tombstone}, 'null', '{}');
  delete from ${s}.events where stream_id = p_stream_id and version <= v_version;
  delete from ${s}.snapshots where stream_id = p_stream_id;
  return true;
end
$fn$;

-- Returns 'ok', 'deleted', or 'beyond' with the stream's version when p_version is past it.
create function ${s}.save_snapshot(
  p_stream_id text, p_version integer, p_state jsonb, p_schema_version integer
) returns table (status text, stream_version integer) language plpgsql as $fn$
#variable_conflict use_column
declare
  v_version integer;
  v_type text;
  v_void text;
begin
  ${lock}
  ${lastRow}
  if v_type = ${tombstone} then
    return query select 'deleted'::text, null::integer;
    return;
  end if;
  v_version := coalesce(v_version, 0);
  if p_version > v_version then
    return query select 'beyond'::text, v_version;
    return;
  end if;
  insert into ${s}.snapshots (stream_id, version, state, schema_version)
    values (p_stream_id, p_version, p_state, p_schema_version)
    on conflict (stream_id) do update set version = excluded.version, state = excluded.state,
      schema_version = excluded.schema_version, time = now();
  return query select 'ok'::text, v_version;
end
$fn$;
`)
        .execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql
        .raw(`
drop function if exists ${s}.save_snapshot(text, integer, jsonb, integer);
drop function if exists ${s}.delete_stream(text);
drop function if exists ${s}.append_events(text, bigint, jsonb, boolean);
drop table if exists ${s}.consumers, ${s}.snapshots, ${s}.events;
`)
        .execute(db);
    },
  };
}
