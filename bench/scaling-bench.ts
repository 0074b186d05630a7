/**
 * Benchmark section "scaling": costs that grow with the size of the log must not grow per event.
 * Append and catch-up rates of EsBank's PostgreSQL store with 10 000, 100 000 and 1 000 000 events
 * stored, each next to the raw baseline at the same size, in one database that grows between sizes.
 *
 * At each size: both logs are filled up to it (log-fill.ts: bulk SQL that keeps the store's
 * invariants), then the catch-up is timed first, while the log holds exactly that size; then appends
 * (8 writers, one event per append, BENCH_SECONDS per run), which add to the log. The catch-up reads
 * the last BENCH_SCALING_CATCH_UP_CAP events (default 200 000) of the log, the whole log when smaller:
 * what a subscriber far behind reads, without replaying 1 000 000 events four times per figure.
 * Each timed run repeats its read until BENCH_SECONDS have passed, so a small log is not timed over a
 * fraction of a second.
 *
 * Emmett (emmett-store.ts) gets a log of its own in its own database, filled to each size through its
 * own appends (500-event streams), then its 8-writer append rate and its paged read of the newest
 * events (the query its consumers poll with), each read capped at BENCH_SCALING_EMMETT_READ_SECONDS.
 *
 * Options (environment): BENCH_SCALING_SIZES (comma-separated, default 10000,100000,1000000; quick
 * 10000,50000), BENCH_SCALING_CATCH_UP_CAP, BENCH_RUNS, BENCH_SECONDS, DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventStore } from '../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../src/event-store/postgres/postgres-event-store.ts';
import { type Aim, benchServerUrl, benchSettings, loadAverage, writeSection } from './bench-results.ts';
import { createBenchDatabase, rawQueryOf, readKeysetPages } from './bench-database.ts';
import { benchEvent, formatRate, markdownTable, measureThroughput, medianOfRuns, progress } from './bench-support.ts';
import { EMMETT_VERSION, type EmmettBenchStore, openEmmettStore, seedEmmettLog } from './emmett-store.ts';
import { fillEventsTo, fillRawEventsTo } from './log-fill.ts';
import { openRawPostgresWriters, type RawPostgresWriters } from './raw-postgres-baseline.ts';

const settings = benchSettings();
const sizes = (process.env.BENCH_SCALING_SIZES ?? (settings.quick ? '10000,50000' : '10000,100000,1000000')).split(',').map(Number);
const catchUpCap = Number(process.env.BENCH_SCALING_CATCH_UP_CAP ?? 200_000);
const emmettReadCapSeconds = Number(process.env.BENCH_SCALING_EMMETT_READ_SECONDS ?? (settings.quick ? 2 : 10));
const WRITERS = 8;
const AIM_RATIO = 0.8;

interface SizeRow {
  readonly size: number;
  /** Events the catch-up read: the last `catchUpCap` of the log, or all of it. */
  readonly catchUpEvents: number;
  /** Events in the log when the appends started: the size, unless the appends at the size before already passed it. */
  readonly appendedAt: number;
  readonly esbankAppend: number;
  readonly rawAppend: number;
  readonly esbankCatchUp: number;
  readonly rawKeyset: number;
  readonly emmettAppend: number;
  /** Emmett's pages of 1 000 over the same newest events, events/s (capped in time). */
  readonly emmettRead: number;
  /** Whether Emmett's read stopped at its time cap before the head. */
  readonly emmettReadCapped: boolean;
}

/** Subscribes after `from` and counts events until `head`: the catch-up part of a subscription. */
async function catchUp(store: EventStore, from: number, head: number): Promise<number> {
  const subscription = store.subscribeToAll({ fromPosition: from });
  let count = 0;
  try {
    for await (const event of subscription) {
      count += 1;
      if (event.position >= head) break;
    }
  } finally {
    await subscription.stop();
  }
  return count;
}

/**
 * Repeats a whole read until BENCH_SECONDS have passed; returns events per second over all of them.
 * A small log is read many times: every size is timed for about as long, not 0.2 s against 3 s.
 */
async function repeatedRead(read: () => Promise<number>): Promise<number> {
  const started = performance.now();
  let events = 0;
  do events += await read();
  while (performance.now() - started < settings.seconds * 1000);
  return events / ((performance.now() - started) / 1000);
}

async function measureEmmett(size: number, emmett: EmmettBenchStore, label: string): Promise<Pick<SizeRow, 'emmettAppend' | 'emmettRead' | 'emmettReadCapped'>> {
  const started = performance.now();
  await seedEmmettLog(emmett, size, (written) => progress(`Emmett log: ${formatRate(written)} of ${formatRate(size)} events`));
  progress(`${label}: Emmett log filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const head = await emmett.count();
  const from = Math.max(0, head - catchUpCap);
  let capped = false;
  const emmettRead = await medianOfRuns(`${label}: Emmett paged read`, settings.runs, async () => {
    const { events, seconds } = await emmett.readPagesAfter(from, 1_000, emmettReadCapSeconds);
    capped ||= events < head - from;
    return events / seconds;
  });
  const emmettAppend = await medianOfRuns(`${label}: Emmett append, ${WRITERS} writers`, settings.runs, () => {
    const streams = Array.from({ length: WRITERS }, () => ({ id: `bench-${randomUUID()}`, version: 0 }));
    return measureThroughput(WRITERS, settings.seconds, async (w) => {
      const stream = streams[w]!;
      stream.version = await emmett.append(stream.id, [benchEvent(stream.version)], stream.version);
      return 1;
    });
  });
  return { emmettAppend, emmettRead, emmettReadCapped: capped };
}

async function measureSize(size: number, store: EventStore, raw: RawPostgresWriters, client: pg.Client, emmett: EmmettBenchStore): Promise<SizeRow> {
  const started = performance.now();
  await fillEventsTo(client, size);
  await fillRawEventsTo(client, size);
  // The fills wrote up to 1 000 000 rows: vacuum and analyze now, so autovacuum does not start in the middle of a measure.
  await client.query('vacuum analyze events');
  await client.query('vacuum analyze raw_events');
  progress(`${formatRate(size)} events: logs filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const head = await store.headPosition();
  const from = Math.max(0, head - catchUpCap);
  const query = rawQueryOf(client);
  const rawFrom = Number((await client.query<{ after: string }>('select coalesce(min(position) - 1, 0) as after from (select position from raw_events order by position desc limit $1) as newest', [catchUpCap])).rows[0]?.after ?? 0);
  const label = `${formatRate(size)} stored`;
  const esbankCatchUp = await medianOfRuns(`${label}: EsBank catch-up of ${formatRate(head - from)} events`, settings.runs, () => repeatedRead(() => catchUp(store, from, head)));
  const rawKeyset = await medianOfRuns(`${label}: raw keyset read`, settings.runs, () => repeatedRead(() => readKeysetPages(query, 'raw_events', rawFrom)));

  const appendedAt = await store.headPosition();
  const esbankAppend = await medianOfRuns(`${label}: EsBank append, ${WRITERS} writers`, settings.runs, () => {
    const streams = Array.from({ length: WRITERS }, () => ({ id: `bench-${randomUUID()}`, version: 0 }));
    return measureThroughput(WRITERS, settings.seconds, async (w) => {
      const stream = streams[w]!;
      stream.version = (await store.append(stream.id, [benchEvent(stream.version)], stream.version)).streamVersion;
      return 1;
    });
  });
  const rawAppend = await medianOfRuns(`${label}: raw append, ${WRITERS} writers`, settings.runs, () => raw.appendOneEventRun(settings.seconds));
  const emmettFigures = await measureEmmett(size, emmett, label);
  return { size, catchUpEvents: head - from, appendedAt, esbankAppend, rawAppend, esbankCatchUp, rawKeyset, ...emmettFigures };
}

function scalingAims(rows: readonly SizeRow[]): Aim[] {
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last || first === last) return [];
  const at = (row: SizeRow): string => `${row.size >= 1_000_000 ? `${row.size / 1_000_000} M` : `${row.size / 1_000} k`}`;
  return [
    { aim: `append rate at ${at(last)} stored events ≥ ${AIM_RATIO}× the rate at ${at(first)} (8 writers, 1 event per append)`, measured: last.esbankAppend / first.esbankAppend, target: AIM_RATIO, direction: 'atLeast', unit: '×' },
    { aim: `catch-up rate at ${at(last)} stored events ≥ ${AIM_RATIO}× the rate at ${at(first)}`, measured: last.esbankCatchUp / first.esbankCatchUp, target: AIM_RATIO, direction: 'atLeast', unit: '×' },
  ];
}

function report(rows: readonly SizeRow[], loadAtStart: number): string {
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  const table = markdownTable(
    ['stored events', 'EsBank append', 'raw append', 'ratio', 'Emmett append', 'EsBank catch-up', 'raw keyset', 'ratio', 'Emmett paged read'],
    rows.map((r) => [
      `${formatRate(r.size)}${r.catchUpEvents < r.size ? ` (catch-up: last ${formatRate(r.catchUpEvents)})` : ''}`,
      `${formatRate(r.esbankAppend)} events/s`,
      `${formatRate(r.rawAppend)} events/s`,
      ratio(r.esbankAppend, r.rawAppend),
      `${formatRate(r.emmettAppend)} events/s`,
      `${formatRate(r.esbankCatchUp)} events/s`,
      `${formatRate(r.rawKeyset)} events/s`,
      ratio(r.esbankCatchUp, r.rawKeyset),
      `${formatRate(r.emmettRead)} events/s${r.emmettReadCapped ? ' (capped)' : ''}`,
    ]),
  );
  const overshoot = rows.filter((r) => r.appendedAt > r.size).map((r) => `${formatRate(r.size)} → ${formatRate(r.appendedAt)}`);
  const mode = settings.quick ? 'quick mode (one run of 1 s, small sizes): checks that the benchmark works, not for judging figures' : `median of ${settings.runs} runs of ${settings.seconds} s after a warm-up`;
  const notes = [
    '- **Question**: does anything in the store cost more per event as the log grows (an index lookup that deepens, a scan that lengthens, a plan that goes bad)? The same measures at each size, in one database that grows: the rates should stay flat.',
    `- **Append**: ${WRITERS} writers, each appending one event (about 320 bytes) per call to a stream of its own, for ${settings.seconds} s; ${mode}. ` +
      'EsBank: `append` of its PostgreSQL store (group commit, global-order lock, version and duplicate checks). Raw: a plain prepared INSERT on a table of the same shape and indexes, positions from a sequence (raw-postgres-baseline.ts), one connection per writer.',
    `- **Catch-up**: \`subscribeToAll\` of EsBank's PostgreSQL store (without the upcasting decorator the server adds) from a checkpoint to the head, counted until the head event arrives, repeated until ${settings.seconds} s have passed (a small log is read several times). Raw, the same way: \`select * from raw_events where position > $1 order by position limit 1000\`, page after page, on one connection. ` +
      `Both read the last ${formatRate(catchUpCap)} events of their log (the whole log when it is smaller), so with more than ${formatRate(catchUpCap)} events stored they start that many events before the head, not at position 0.`,
    '- **Filling**: bulk SQL (one `insert … select … from generate_series` per 100 000 rows) that keeps the store\'s invariants: under its append lock, positions continuing from the head with no gap, streams of 100 events at versions 1–100, fresh event ids; rows of the size of the appended ones. ' +
      'Then `vacuum analyze`, as autovacuum would after such a load, so it does not start in the middle of a measure. The catch-up is measured first, while the log holds exactly the size; the appends then add to it.',
    `- **Emmett** ${EMMETT_VERSION}, in a database of its own, its log filled to each size through its own \`appendToStream\` (streams of 500 events), then appends like EsBank's (8 writers, one event per call, expected version checked) and a read of the same newest events in pages of 1 000 with \`readMessagesBatch\`, the query its consumers poll with. ` +
      `That query orders by \`transaction_id, global_position\` with no index on either, so each page scans the table: a read stops after ${emmettReadCapSeconds} s, marked (capped), and its rate is that of the events read by then.`,
    '- **ratio**: EsBank ÷ raw at the same size. Across sizes, compare a column with itself: the aims divide the rate at the largest size by the rate at the smallest.',
    overshoot.length ? `- The appends of a size had already taken the log past the next size: ${overshoot.join(', ')} (events stored when the appends started).` : '',
    `- Load average ${loadAtStart.toFixed(1)} at the start; 2 shared cores, so other work on the machine moves every figure.`,
  ].filter(Boolean);
  return `## Scaling with the size of the log\n\nAppend and catch-up rates of EsBank's PostgreSQL store as the log grows, beside the raw baseline at the same size.\n\n${table}\n\n${notes.join('\n')}\n`;
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const database = await createBenchDatabase('scaling');
  const client = new pg.Client({ connectionString: database.url });
  let raw: RawPostgresWriters | undefined;
  let emmett: EmmettBenchStore | undefined;
  const store = createPostgresEventStore(database.connection);
  try {
    await client.connect();
    raw = await openRawPostgresWriters(database.url, WRITERS);
    const rows: SizeRow[] = [];
    emmett = await openEmmettStore(benchServerUrl());
    for (const size of sizes) rows.push(await measureSize(size, store, raw, client, emmett));
    writeSection(settings, { id: 'scaling', title: 'Scaling with the size of the log', markdown: report(rows, loadAtStart), aims: scalingAims(rows), data: { catchUpCap, writers: WRITERS, rows } });
  } finally {
    await store.close();
    await raw?.close();
    await emmett?.close();
    await client.end().catch(() => {});
    await database.drop();
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`scaling benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
