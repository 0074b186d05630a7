import { type Kysely, sql } from 'kysely';

/**
 * The event store: one table, and the function that appends to it.
 *
 * `esbank_append_batch(batch)` appends several independent appends in one call (one round trip, one
 * commit). It first takes a transaction-scoped advisory lock, held until the calling transaction
 * commits, then numbers events from the current maximum position: positions are therefore contiguous
 * and handed out in commit order (see postgres-append-batcher.ts for why that matters). Inside a
 * PL/pgSQL function each statement sees rows committed before it started, so the reads after the lock
 * see every earlier append. Each append in the batch is checked on its own:
 * - all its event ids already stored, in this stream, consecutively and in order: a replay, the stored
 *   events are returned and nothing is written;
 * - some ids already used otherwise: `duplicate` (ids repeated within one append are refused before);
 * - the stream's version does not meet the expected version: `wrong_version` with the actual version;
 * - else the events are inserted: `appended` with the first position and the new stream version, or
 *   `failed` with PostgreSQL's reason when it refuses a row (the other appends are not affected).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('position', 'bigint', (c) => c.primaryKey())
    .addColumn('stream_id', 'text', (c) => c.notNull())
    .addColumn('stream_version', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('schema_version', 'integer', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('metadata', 'jsonb', (c) => c.notNull())
    .addColumn('causation_id', 'uuid')
    .addColumn('correlation_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('events_stream_id_stream_version_key').unique().on('events').columns(['stream_id', 'stream_version']).execute();
  await db.schema.createIndex('events_event_id_key').unique().on('events').column('event_id').execute();
  await db.schema.createIndex('events_correlation_id_idx').on('events').columns(['correlation_id', 'position']).execute();
  await sql.raw(APPEND_BATCH_FUNCTION).execute(db);
}

/** Exported for the migration that replaces it (…T0008), whose `down` puts this version back. */
export const APPEND_BATCH_FUNCTION = `
create function esbank_append_batch(batch jsonb) returns jsonb language plpgsql
-- PL/pgSQL caches each statement's plan per connection. Planned while the table was small (a new
-- database), the lookups below would keep sequential scans and slow down as the table grows; every
-- one of them has an index, so sequential scans are ruled out for this function.
set enable_seqscan = off
as $fn$
declare
  initial_head bigint;
  head bigint;
  request jsonb;
  stream text;
  expected jsonb;
  event_ids uuid[];
  n integer;
  actual integer;
  is_replay boolean;
  stored jsonb;
  outcomes jsonb := '[]'::jsonb;
begin
  perform pg_advisory_xact_lock(7310314376484233584);
  select coalesce(max(position), 0) into head from events;
  initial_head := head;
  for request in select value from jsonb_array_elements(batch) loop
    stream := request->>'stream_id';
    expected := request->'expected';
    select array_agg((e->>'event_id')::uuid order by ord) into event_ids
      from jsonb_array_elements(request->'events') with ordinality as t(e, ord);
    n := cardinality(event_ids);

    if exists (select 1 from events where event_id = any(event_ids)) then
      select count(*) = n and bool_and(ev.stream_id = stream) and count(distinct ev.stream_version - ids.ord) = 1,
             jsonb_agg(to_jsonb(ev) order by ids.ord)
        into is_replay, stored
        from unnest(event_ids) with ordinality as ids(id, ord) join events as ev on ev.event_id = ids.id;
      if is_replay then
        outcomes := outcomes || jsonb_build_array(jsonb_build_object('kind', 'replay', 'events', stored));
      else
        outcomes := outcomes || jsonb_build_array(jsonb_build_object('kind', 'duplicate',
          'eventIds', (select jsonb_agg(ev.event_id) from events as ev where ev.event_id = any(event_ids))));
      end if;
      continue;
    end if;

    select coalesce(max(stream_version), 0) into actual from events where stream_id = stream;
    if not (expected = '"any"'
            or (expected = '"no_stream"' and actual = 0)
            or (expected = '"stream_exists"' and actual > 0)
            or (jsonb_typeof(expected) = 'number' and expected::integer = actual)) then
      outcomes := outcomes || jsonb_build_array(jsonb_build_object('kind', 'wrong_version', 'actualVersion', actual));
      continue;
    end if;

    -- Each append's insert runs in its own subtransaction: a row PostgreSQL refuses fails this
    -- append only, never the other appends of the batch.
    begin
      insert into events (position, stream_id, stream_version, event_id, event_type, schema_version,
                          data, metadata, causation_id, correlation_id, created_at)
      select head + ord, stream, actual + ord, (e->>'event_id')::uuid, e->>'event_type',
             (e->>'schema_version')::integer, e->'data', e->'metadata',
             (e->>'causation_id')::uuid, (e->>'correlation_id')::uuid, now()
        from jsonb_array_elements(request->'events') with ordinality as t(e, ord);
      outcomes := outcomes || jsonb_build_array(jsonb_build_object('kind', 'appended',
        'firstPosition', head + 1, 'streamVersion', actual + n));
      head := head + n;
    exception when others then
      outcomes := outcomes || jsonb_build_array(jsonb_build_object('kind', 'failed', 'sqlState', sqlstate, 'reason', sqlerrm));
    end;
  end loop;
  if head > initial_head then
    perform pg_notify('esbank_events', head::text);
  end if;
  return jsonb_build_object('outcomes', outcomes, 'createdAt', now());
end
$fn$`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function esbank_append_batch(jsonb)`.execute(db);
  await db.schema.dropTable('events').execute();
}
