/**
 * The raw baseline the benchmarks compare EsBank's writes with: plain prepared INSERT statements on a
 * table of the same row shape and indexes as EsBank's `events` table, with positions from a sequence
 * (the ceiling, since it gives no global-order guarantee), rows of the size (benchEvent).
 *
 * The store benchmark (event-store-bench.ts) runs these statements on its own connections, pg and
 * PGlite; `openRawPostgresWriters` gives the other benchmarks the single-event append on PostgreSQL
 * with one pg connection per writer, each appending to a stream of its own.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { NewEvent } from '../src/event-store/event-store.ts';
import { benchEvent, measureThroughput } from './bench-support.ts';

export const RAW_TABLE = `
  create table raw_events (
    position bigserial primary key, stream_id text not null, stream_version integer not null,
    event_id uuid not null unique, event_type text not null, schema_version integer not null,
    data jsonb not null, metadata jsonb not null, causation_id uuid, correlation_id uuid,
    created_at timestamptz not null default now(), unique (stream_id, stream_version));`;

/** `insert into raw_events … values (…), …` for `count` events, 8 parameters each (rawParams). */
export function rawInsert(count: number): string {
  const values = Array.from({ length: count }, (_, i) => {
    const p = i * 8;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, 1, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8})`;
  });
  return `insert into raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, causation_id, correlation_id) values ${values.join(', ')}`;
}

/** The parameters of rawInsert for `events` appended to `stream` after version `fromVersion`. */
export function rawParams(stream: string, fromVersion: number, events: readonly NewEvent[]): unknown[] {
  return events.flatMap((e, i) => [stream, fromVersion + i + 1, e.eventId, e.eventType, JSON.stringify(e.data), JSON.stringify(e.metadata), e.causationId, e.correlationId]);
}

export interface RawPostgresWriters {
  readonly writers: number;
  /** One timed run of `seconds`: every writer appends one event per INSERT to a fresh stream of its own; returns events/s. */
  appendOneEventRun(seconds: number): Promise<number>;
  /** Ends the connections (the table stays: it goes with its database). */
  close(): Promise<void>;
}

/** Creates `raw_events` in the database at `databaseUrl` and opens one connection per writer. */
export async function openRawPostgresWriters(databaseUrl: string, writers: number): Promise<RawPostgresWriters> {
  const clients: pg.Client[] = [];
  const close = (): Promise<unknown> => Promise.allSettled(clients.map((c) => c.end()));
  try {
    for (let w = 0; w < writers; w++) {
      const client = new pg.Client({ connectionString: databaseUrl });
      clients.push(client);
      await client.connect();
    }
    await clients[0]!.query(RAW_TABLE);
  } catch (error) {
    await close();
    throw error;
  }
  const insert = rawInsert(1);
  return {
    writers,
    async appendOneEventRun(seconds) {
      const streams = Array.from({ length: writers }, () => ({ id: `bench-${randomUUID()}`, version: 0 }));
      return measureThroughput(writers, seconds, async (w) => {
        const stream = streams[w]!;
        await clients[w]!.query({ text: insert, values: rawParams(stream.id, stream.version, [benchEvent(0)]), name: 'raw_insert_1' });
        stream.version += 1;
        return 1;
      });
    },
    async close() {
      await close();
    },
  };
}
