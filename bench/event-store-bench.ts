/**
 * `npm run bench:store`: append and read throughput of the EsBank event store on PostgreSQL and on
 * PGlite, each next to a raw baseline measured in the same run: plain prepared INSERT and SELECT
 * statements on a table of the same row shape and indexes, with positions from a sequence (the
 * ceiling, since it gives no global-order guarantee). On PostgreSQL, Emmett's store (emmett-store.ts)
 * is measured too, in its own database. The read measures run first, on logs of the same size in
 * every system; the append measures follow.
 *
 * Options (environment): BENCH_SECONDS (per run, default 3), BENCH_RUNS (default 3), BENCH_LOG_EVENTS
 * (events in the global log for read measures, default 50 000), BENCH_QUICK=1 (1 s, 1 run, 5 000
 * events: keeps the benchmark working in CI, not for judging numbers), BENCH_TARGETS=postgres,pglite,
 * DATABASE_URL (server for the PostgreSQL leg, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_CATCH_UP_CAP_SECONDS (longest Emmett catch-up run, default 15, quick 2).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql } from 'kysely';
import pg from 'pg';
import { openDatabaseConnection, type DatabaseConnection } from '../src/database/database-connection.ts';
import { migrateToLatestOrThrow } from '../src/database/database-migrator.ts';
import type { EventStore, NewEvent } from '../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../src/event-store/postgres/postgres-event-store.ts';
import { benchEvent, eventsPerSecond, measureThroughput, medianOfRuns, progress } from './bench-support.ts';
import { EMMETT_BEST_PULLING, EMMETT_DEFAULT_PULLING, openEmmettStore, seedEmmettLog, type EmmettBenchStore, type EmmettPulling } from './emmett-store.ts';
import { RAW_TABLE, rawInsert, rawParams } from './raw-postgres-baseline.ts';
import { cpuSample, cpuUse, type CpuUse } from './process-cpu.ts';
import { reportResults, type Row } from './store-bench-report.ts';

const quick = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 3));
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3));
const logEvents = Number(process.env.BENCH_LOG_EVENTS ?? (quick ? 5_000 : 50_000));
const targets = (process.env.BENCH_TARGETS ?? 'postgres,pglite').split(',');
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** An Emmett catch-up run stops after this long: at its default pulling it reads under 1 000 events/s. */
const catchUpCapSeconds = Number(process.env.BENCH_CATCH_UP_CAP_SECONDS ?? (quick ? 2 : 15));
/** Notes for the report found while measuring (a capped run, unequal log sizes), by subject: each is said once. */
const findings = new Map<string, string>();

/** Executes one SQL statement with parameters on a raw connection: pg client or PGlite. */
type RawQuery = (text: string, params: unknown[], name?: string) => Promise<{ rows: Record<string, unknown>[] }>;

interface Target {
  readonly name: string;
  readonly store: EventStore;
  /**
   * A store of its own for the appends, which never follows the log. The first one is closed once the
   * reads are done (`closeReadStore`): its live tail, started by the catch-up measure, would go on
   * reading every appended event in this process, work a plain INSERT never does.
   */
  readonly appendStore: EventStore;
  closeReadStore(): Promise<void>;
  /** One raw connection per writer (PGlite has only one). */
  rawConnection(writer: number): RawQuery;
  /** Emmett's store on the same server, or `null` where Emmett cannot run. */
  readonly emmett: EmmettBenchStore | null;
  close(): Promise<void>;
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
  const appendStore = createPostgresEventStore(connection);
  let readStoreClosed: Promise<void> | undefined;
  const closeReadStore = (): Promise<void> => (readStoreClosed ??= store.close());
  const emmett = await openEmmettStore(serverUrl);
  return {
    name: 'PostgreSQL',
    store,
    appendStore,
    closeReadStore,
    rawConnection: (writer) => (text, params, statementName) => clients[writer % clients.length]!.query({ text, values: params, name: statementName }),
    emmett,
    async close() {
      await emmett.close();
      await closeReadStore();
      await appendStore.close();
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
  const appendStore = createPostgresEventStore(connection);
  let readStoreClosed: Promise<void> | undefined;
  const closeReadStore = (): Promise<void> => (readStoreClosed ??= store.close());
  return {
    name: 'PGlite',
    store,
    appendStore,
    closeReadStore,
    rawConnection: () => (text, params) => pglite.query<Record<string, unknown>>(text, params),
    emmett: null,
    async close() {
      await closeReadStore();
      await appendStore.close();
      await connection.close();
    },
  };
}

/** Appends `events` to a writer's own stream, now at `version`; returns the stream's new version. */
type StreamAppend = (writer: number, stream: string, events: NewEvent[], version: number) => Promise<number>;

/** The median rate, and the CPU per appended event (warm-up included) of this process and of PostgreSQL. */
async function appendRate(label: string, writers: number, perAppend: number, append: StreamAppend): Promise<{ rate: number; cpu: CpuUse }> {
  const from = cpuSample();
  let appended = 0;
  const rate = await medianOfRuns(label, runs, () => {
    const streams = Array.from({ length: writers }, () => ({ id: `bench-${randomUUID()}`, version: 0 }));
    return measureThroughput(writers, seconds, async (w) => {
      const stream = streams[w]!;
      stream.version = await append(w, stream.id, Array.from({ length: perAppend }, (_, i) => benchEvent(i)), stream.version);
      appended += perAppend;
      return perAppend;
    });
  });
  return { rate, cpu: cpuUse(from, cpuSample(), appended) };
}

async function benchAppends(target: Target, writers: number, perAppend: number): Promise<Row> {
  const measure = `append ${perAppend} event${perAppend > 1 ? 's' : ''}, ${writers} writer${writers > 1 ? 's' : ''}`;
  const label = `${target.name} ${measure}`;
  const esbank = await appendRate(`${label} (EsBank)`, writers, perAppend, async (_, stream, events, version) => (await target.appendStore.append(stream, events, version)).streamVersion);
  const insert = rawInsert(perAppend);
  const raw = await appendRate(`${label} (raw INSERT)`, writers, perAppend, async (w, stream, events, version) => {
    await target.rawConnection(w)(insert, rawParams(stream, version, events), `raw_insert_${perAppend}`);
    return version + events.length;
  });
  const emmett = target.emmett;
  const emmettRate = emmett ? await appendRate(`${label} (Emmett)`, writers, perAppend, (_, stream, events, version) => emmett.append(stream, events, version)) : null;
  return { measure, target: target.name, esbank: esbank.rate, raw: raw.rate, emmett: emmettRate?.rate ?? null, appendCpu: { esbank: esbank.cpu, raw: raw.cpu } };
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

/** Reads the global log from the start in pages of 1 000 with `readPage(after)`; returns the events read. */
async function readInPages<T>(readPage: (after: number) => Promise<readonly T[]>, positionOf: (event: T) => number): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await readPage(after);
    if (page.length === 0) return count;
    count += page.length;
    after = positionOf(page.at(-1)!);
  }
}

/** Emmett's catch-up rate with `pulling`; a run stopped by the time cap is reported in the notes. */
function emmettCatchUp(target: Target, emmett: EmmettBenchStore, pulling: EmmettPulling, setting: string, head: number): Promise<number> {
  return medianOfRuns(`${target.name} global log (Emmett consumer, ${setting} pulling)`, runs, () =>
    eventsPerSecond(async () => {
      const count = await emmett.catchUp(pulling, catchUpCapSeconds);
      if (count < head) findings.set(`catch-up ${setting}`, `Emmett's catch-up at its ${setting} pulling hit the ${catchUpCapSeconds} s cap (${count} of ${head} events in the last such run): its rate is that of the events handled.`);
      return count;
    }));
}

async function benchReads(target: Target, stream: string, emmettStream: string | null): Promise<Row[]> {
  const raw = target.rawConnection(0);
  const emmett = target.emmett;
  const streamRead: Row = {
    measure: 'read one 1 000-event stream',
    target: target.name,
    esbank: await medianOfRuns(`${target.name} read stream (EsBank)`, runs, () => measureThroughput(1, seconds, async () => (await target.store.readStream(stream)).length)),
    raw: await medianOfRuns(`${target.name} read stream (raw SELECT)`, runs, () =>
      measureThroughput(1, seconds, async () => (await raw('select * from raw_events where stream_id = $1 order by stream_version', [stream], 'raw_stream')).rows.length)),
    emmett: emmett && emmettStream ? await medianOfRuns(`${target.name} read stream (Emmett)`, runs, () => measureThroughput(1, seconds, () => emmett.readStream(emmettStream))) : null,
  };
  const head = await target.store.headPosition();
  const emmettLog = emmett ? await emmett.count() : head;
  if (emmettLog !== head) findings.set('log size', `Emmett's log holds ${emmettLog} events, EsBank's ${head}.`);
  const rawKeyset = await medianOfRuns(`${target.name} global log (raw keyset)`, runs, () =>
    eventsPerSecond(() => readInPages(async (after) => (await raw('select * from raw_events where position > $1 order by position limit 1000', [after], 'raw_keyset')).rows, (row) => Number(row.position))));
  const readAll = await medianOfRuns(`${target.name} global log (EsBank readAll pages)`, runs, () =>
    eventsPerSecond(() => readInPages((after) => target.store.readAll({ fromPosition: after, limit: 1000 }), (event) => event.position)));
  const emmettPages = emmett ? await medianOfRuns(`${target.name} global log (Emmett readMessagesBatch pages)`, runs, () => eventsPerSecond(() => emmett.readAllInPages(1000))) : null;
  const catchUp = await medianOfRuns(`${target.name} global log (EsBank catch-up subscription)`, runs, () =>
    eventsPerSecond(async () => {
      let count = 0;
      for await (const event of target.store.subscribeToAll({ fromPosition: 0 })) {
        count += 1;
        if (event.position >= head) break;
      }
      return count;
    }));
  const emmettBest = emmett ? await emmettCatchUp(target, emmett, EMMETT_BEST_PULLING, 'best', head) : null;
  const emmettDefault = emmett ? await emmettCatchUp(target, emmett, EMMETT_DEFAULT_PULLING, 'default', head) : undefined;
  return [
    streamRead,
    { measure: `read the global log, pages of 1 000 (${head} events)`, target: target.name, esbank: readAll, raw: rawKeyset, emmett: emmettPages },
    { measure: `catch-up subscription over the global log (${head} events)`, target: target.name, esbank: catchUp, raw: rawKeyset, emmett: emmettBest, emmettDefault },
  ];
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const rows: Row[] = [];
  for (const targetName of targets) {
    const target = targetName === 'postgres' ? await openPostgresTarget() : await openPgliteTarget();
    try {
      const stream = await seedLog(target);
      const emmettStream = target.emmett ? await seedEmmettLog(target.emmett, logEvents) : null;
      rows.push(...(await benchReads(target, stream, emmettStream)));
      await target.closeReadStore();
      for (const [writers, perAppend] of [[1, 1], [8, 1], [1, 10], [8, 10]] as const) rows.push(await benchAppends(target, writers, perAppend));
    } finally {
      await target.close();
    }
  }
  reportResults(rows, { quick, runs, seconds, logEvents, catchUpCapSeconds, loadAtStart, findings: [...findings.values()] });
}

await main();
