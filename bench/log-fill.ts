/**
 * Fills a benchmark database's logs to a given size fast, with one `insert … select … from
 * generate_series` per 100 000 rows instead of appends, for the scaling benchmark.
 *
 * The EsBank `events` table is filled as `esbank_append_batch` would leave it (see the events
 * migration): inside the transaction-scoped advisory lock every append takes, positions continue from
 * the current maximum with no gap, each fill chunk writes streams of its own (`bench-fill-<first
 * position>-<n>`, 100 events each, versions 1 to 100), and every event id is a fresh UUID. So the
 * store's invariants hold and later appends continue the same log. `raw_events` (the raw baseline of
 * raw-postgres-baseline.ts) gets the same rows, positions from its sequence. Rows are of the size of
 * benchEvent (bench-support.ts). A chunk sends no NOTIFY: nothing subscribes while the log is filled.
 */
import type pg from 'pg';
import { APPEND_LOCK_KEY } from '../src/event-store/postgres/postgres-append-batcher.ts';
import { progress } from './bench-support.ts';

const CHUNK_ROWS = 100_000;

/** The columns after position, as generate_series row `g` of a chunk; `$1` is the chunk's first position. */
const FILL_COLUMNS = `
  'bench-fill-' || $1::bigint || '-' || ((g - 1) / 100), ((g - 1) % 100) + 1, gen_random_uuid(), 'Bench.MoneyDeposited', 1,
  jsonb_build_object('accountId', '6f1c2a4e-93d2-4d7b-a0c5-2f7e8b9d1c3a', 'amount', 1234 + g, 'oldBalance', 500000 + g, 'newBalance', 501234 + g,
                     'atmId', '1c915dd1-8bf0-4662-a2ce-60725b0c7de2', 'note', 'benchmark deposit of a fixed size'),
  jsonb_build_object('commandType', 'Accounts.DepositMoney', 'requestId', gen_random_uuid(), 'userAgent', 'bench'),
  gen_random_uuid(), gen_random_uuid(), now()`;

const INSERT_EVENTS = `
  insert into events (position, stream_id, stream_version, event_id, event_type, schema_version, data, metadata, causation_id, correlation_id, created_at)
  select $1::bigint + g, ${FILL_COLUMNS} from generate_series(1, $2::bigint) as g`;

const INSERT_RAW_EVENTS = `
  insert into raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, causation_id, correlation_id, created_at)
  select ${FILL_COLUMNS} from generate_series(1, $2::bigint) as g`;

/** Adds rows to `events` until it holds at least `size`; returns the rows it added. */
export async function fillEventsTo(client: pg.Client, size: number): Promise<number> {
  let added = 0;
  for (;;) {
    await client.query('begin');
    try {
      await client.query('select pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY.toString()]);
      const head = Number((await client.query<{ head: string | null }>('select max(position) as head from events')).rows[0]?.head ?? 0);
      const rows = Math.min(CHUNK_ROWS, size - head);
      if (rows <= 0) {
        await client.query('commit');
        return added;
      }
      await client.query(INSERT_EVENTS, [head, rows]);
      await client.query('commit');
      added += rows;
      progress(`filling events: ${head + rows}/${size}`);
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
  }
}

/** Adds rows to `raw_events` until it holds at least `size`; returns the rows it added. */
export async function fillRawEventsTo(client: pg.Client, size: number): Promise<number> {
  let added = 0;
  for (;;) {
    const count = Number((await client.query<{ count: string }>('select count(*) as count from raw_events')).rows[0]?.count ?? 0);
    const rows = Math.min(CHUNK_ROWS, size - count);
    if (rows <= 0) return added;
    // The chunk's streams are named after the rows before it, a number no other chunk has.
    await client.query(INSERT_RAW_EVENTS, [count, rows]);
    added += rows;
    progress(`filling raw_events: ${count + rows}/${size}`);
  }
}
