/**
 * `npm run bench:store`: append and read throughput of the EsBank event store on PostgreSQL and on
 * PGlite, each next to a raw baseline measured in the same run: plain prepared INSERT and SELECT
 * statements on a table of the same row shape and indexes, with positions from a sequence (the
 * ceiling, since it gives no global-order guarantee).
 *
 * Options (environment): BENCH_SECONDS (per run, default 3), BENCH_RUNS (default 3), BENCH_LOG_EVENTS
 * (events in the global log for read measures, default 50 000), BENCH_QUICK=1 (1 s, 1 run, 5 000
 * events: keeps the benchmark working in CI, not for judging numbers), BENCH_TARGETS=postgres,pglite,
 * DATABASE_URL (server for the PostgreSQL leg, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabaseConnection, type DatabaseConnection } from '../src/database/database-connection.ts';
import { migrateToLatestOrThrow } from '../src/database/database-migrator.ts';
import type { EventStore, NewEvent } from '../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../src/event-store/postgres/postgres-event-store.ts';
import { benchEvent, formatRate, markdownTable, measureThroughput, medianOfRuns, progress } from './bench-support.ts';

const quick = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 3));
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3));
const logEvents = Number(process.env.BENCH_LOG_EVENTS ?? (quick ? 5_000 : 50_000));
const targets = (process.env.BENCH_TARGETS ?? 'postgres,pglite').split(',');
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Executes one SQL statement with parameters on a raw connection: pg client or PGlite. */
type RawQuery = (text: string, params: unknown[], name?: string) => Promise<{ rows: Record<string, unknown>[] }>;

interface Target {
  readonly name: string;
  readonly store: EventStore;
  /** One raw connection per writer (PGlite has only one). */
  rawConnection(writer: number): RawQuery;
  close(): Promise<void>;
}

interface Row {
  readonly measure: string;
  readonly target: string;
  readonly esbank: number;
  readonly raw: number;
}

const RAW_TABLE = `
  create table raw_events (
    position bigserial primary key, stream_id text not null, stream_version integer not null,
    event_id uuid not null unique, event_type text not null, schema_version integer not null,
    data jsonb not null, metadata jsonb not null, causation_id uuid, correlation_id uuid,
    created_at timestamptz not null default now(), unique (stream_id, stream_version));`;

function rawInsert(count: number): string {
  const values = Array.from({ length: count }, (_, i) => {
    const p = i * 8;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, 1, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8})`;
  });
  return `insert into raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, causation_id, correlation_id) values ${values.join(', ')}`;
}

function rawParams(stream: string, fromVersion: number, events: readonly NewEvent[]): unknown[] {
  return events.flatMap((e, i) => [stream, fromVersion + i + 1, e.eventId, e.eventType, JSON.stringify(e.data), JSON.stringify(e.metadata), e.causationId, e.correlationId]);
}

async function openPostgresTarget(): Promise<Target> {
  const name = `esbank_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const connection = await openDatabaseConnection({ kind: 'postgres', url: url.toString(), poolSize: 10 });
  await migrateToLatestOrThrow(connection.db);
  await sql.raw(RAW_TABLE).execute(connection.db);
  const clients = await Promise.all(Array.from({ length: 8 }, async () => {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  }));
  const store = createPostgresEventStore(connection);
  return {
    name: 'PostgreSQL',
    store,
    rawConnection: (writer) => (text, params, statementName) => clients[writer % clients.length]!.query({ text, values: params, name: statementName }),
    async close() {
      await store.close();
      await Promise.all(clients.map((c) => c.end()));
      await connection.close();
      await admin.query(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

async function openPgliteTarget(): Promise<Target> {
  const pglite = await PGlite.create();
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
  const connection: DatabaseConnection = {
    db,
    kind: 'pglite',
    listen: async (channel, onNotify) => pglite.listen(channel, onNotify).then((un) => () => un()),
    close: () => db.destroy(),
  };
  await migrateToLatestOrThrow(db);
  await pglite.exec(RAW_TABLE);
  const store = createPostgresEventStore(connection);
  return {
    name: 'PGlite',
    store,
    rawConnection: () => (text, params) => pglite.query<Record<string, unknown>>(text, params),
    async close() {
      await store.close();
      await connection.close();
    },
  };
}

async function benchAppends(target: Target, writers: number, perAppend: number): Promise<Row> {
  const measure = `append ${perAppend} event${perAppend > 1 ? 's' : ''}, ${writers} writer${writers > 1 ? 's' : ''}`;
  const label = `${target.name} ${measure}`;
  const esbank = await medianOfRuns(`${label} (EsBank)`, runs, () => {
    const streams = Array.from({ length: writers }, () => ({ id: `bench-${randomUUID()}`, version: 0 }));
    return measureThroughput(writers, seconds, async (w) => {
      const stream = streams[w]!;
      const events = Array.from({ length: perAppend }, (_, i) => benchEvent(i));
      stream.version = (await target.store.append(stream.id, events, stream.version)).streamVersion;
      return perAppend;
    });
  });
  const insert = rawInsert(perAppend);
  const raw = await medianOfRuns(`${label} (raw INSERT)`, runs, () => {
    const streams = Array.from({ length: writers }, () => ({ id: `raw-${randomUUID()}`, version: 0 }));
    return measureThroughput(writers, seconds, async (w) => {
      const stream = streams[w]!;
      const events = Array.from({ length: perAppend }, (_, i) => benchEvent(i));
      await target.rawConnection(w)(insert, rawParams(stream.id, stream.version, events), `raw_insert_${perAppend}`);
      stream.version += perAppend;
      return perAppend;
    });
  });
  return { measure, target: target.name, esbank, raw };
}

async function seedLog(target: Target): Promise<string> {
  const stream = `bench-stream-${randomUUID()}`;
  let version = 0;
  for (let written = 0; written < 1_000; written += 100) {
    version = (await target.store.append(stream, Array.from({ length: 100 }, (_, i) => benchEvent(i)), version)).streamVersion;
  }
  const head = await target.store.headPosition();
  for (let written = head; written < logEvents; written += 500) {
    await target.store.append(`bench-seed-${randomUUID()}`, Array.from({ length: 500 }, (_, i) => benchEvent(i)), 'no_stream');
    if ((written / 500) % 20 === 0) progress(`${target.name}: seeding the global log ${written}/${logEvents}`);
  }
  await target.rawConnection(0)('insert into raw_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, causation_id, correlation_id, created_at) select stream_id, stream_version, event_id, event_type, schema_version, data, metadata, causation_id, correlation_id, created_at from events order by position on conflict do nothing', []);
  return stream;
}

async function benchReads(target: Target, stream: string): Promise<Row[]> {
  const raw = target.rawConnection(0);
  const streamRead: Row = {
    measure: 'read one 1 000-event stream',
    target: target.name,
    esbank: await medianOfRuns(`${target.name} read stream (EsBank)`, runs, () => measureThroughput(1, seconds, async () => (await target.store.readStream(stream)).length)),
    raw: await medianOfRuns(`${target.name} read stream (raw SELECT)`, runs, () =>
      measureThroughput(1, seconds, async () => (await raw('select * from raw_events where stream_id = $1 order by stream_version', [stream], 'raw_stream')).rows.length)),
  };
  const head = await target.store.headPosition();
  const rawKeyset = await medianOfRuns(`${target.name} global log (raw keyset)`, runs, async () => {
    const started = performance.now();
    let after = 0;
    let count = 0;
    for (;;) {
      const { rows } = await raw('select * from raw_events where position > $1 order by position limit 1000', [after], 'raw_keyset');
      if (rows.length === 0) break;
      count += rows.length;
      after = Number(rows.at(-1)?.position);
    }
    return count / ((performance.now() - started) / 1000);
  });
  const readAll = await medianOfRuns(`${target.name} global log (EsBank readAll pages)`, runs, async () => {
    const started = performance.now();
    let after = 0;
    let count = 0;
    for (;;) {
      const page = await target.store.readAll({ fromPosition: after, limit: 1000 });
      if (page.length === 0) break;
      count += page.length;
      after = page.at(-1)?.position ?? after;
    }
    return count / ((performance.now() - started) / 1000);
  });
  const catchUp = await medianOfRuns(`${target.name} global log (EsBank catch-up subscription)`, runs, async () => {
    const started = performance.now();
    let count = 0;
    const subscription = target.store.subscribeToAll({ fromPosition: 0 });
    for await (const event of subscription) {
      count += 1;
      if (event.position >= head) break;
    }
    return count / ((performance.now() - started) / 1000);
  });
  return [
    streamRead,
    { measure: `read the global log, pages of 1 000 (${head} events)`, target: target.name, esbank: readAll, raw: rawKeyset },
    { measure: `catch-up subscription over the global log (${head} events)`, target: target.name, esbank: catchUp, raw: rawKeyset },
  ];
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const targetName of targets) {
    const target = targetName === 'postgres' ? await openPostgresTarget() : await openPgliteTarget();
    try {
      for (const [writers, perAppend] of [[1, 1], [8, 1], [1, 10], [8, 10]] as const) rows.push(await benchAppends(target, writers, perAppend));
      rows.push(...(await benchReads(target, await seedLog(target))));
    } finally {
      await target.close();
    }
  }
  const table = markdownTable(
    ['measure (events/s, median)', 'target', 'EsBank', 'raw baseline', 'EsBank / raw'],
    rows.map((r) => [r.measure, r.target, formatRate(r.esbank), formatRate(r.raw), (r.esbank / r.raw).toFixed(2)]),
  );
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const header = `Event store benchmark (${quick ? 'quick mode: not for judging numbers' : `${runs} runs of ${seconds} s, median`}) on ${machine}`;
  process.stdout.write(`\n${header}\n\n${table}\n\n`);
  if (!quick) {
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/event-store.md', `${header}\n\n${table}\n`);
    writeFileSync('bench/results/event-store.json', JSON.stringify({ machine, runs, seconds, logEvents, rows }, null, 2));
  }
}

await main();
