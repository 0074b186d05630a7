/**
 * Benchmark section "rebuild": how fast `esbank rebuild` replays the event log into the read models.
 *
 * A fresh database is seeded with a realistic bank log (bank-log.ts: accounts, counter movements,
 * whole ATM sagas, refills, locks, closings; real domain events checked against their schemas),
 * appended through EsBank's store in concurrent groups of 200 appends, which the store writes in batches.
 * Then the rebuild of all read models is timed through the same function the CLI runs
 * (runRebuildCommand: accounts, atms and atm-operations, one after the other, each into a shadow
 * schema swapped in at the end): one warm-up, then the median of BENCH_RUNS runs. The rate is events
 * in the log / seconds for the whole command. Beside it, in the same run: the raw keyset read of the
 * same log, the ceiling of any rebuild. A last diagnostic rebuild on PostgreSQL times every statement
 * (rebuild-phases.ts), to say what bounds the rate.
 *
 * Options (environment): BENCH_REBUILD_EVENTS (log size, default 30 000, quick 5 000),
 * BENCH_REBUILD_PGLITE_EVENTS (log size on PGlite, default 10 000, quick 2 000: a
 * rebuild there runs at about the same rate, and its runs would otherwise take minutes),
 * BENCH_TARGETS=postgres,pglite, BENCH_RUNS, DATABASE_URL (the server to create the database on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import pg from 'pg';
import { runRebuildCommand } from '../src/cli/rebuild-command.ts';
import { type Config, loadConfig } from '../src/config.ts';
import type { DatabaseConnection } from '../src/database/database-connection.ts';
import { migrateToLatestOrThrow } from '../src/database/database-migrator.ts';
import type { EventStore } from '../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../src/event-store/postgres/postgres-event-store.ts';
import { type BankLog, buildBankLog } from './bank-log.ts';
import { type Aim, benchSettings, loadAverage, writeSection } from './bench-results.ts';
import { createBenchDatabase, type RawQuery, rawQueryOf, readKeysetPages } from './bench-database.ts';
import { eventsPerSecond, formatRate, medianOfRuns, progress } from './bench-support.ts';
import { measureRebuildPhases, type ProjectionPhases } from './rebuild-phases.ts';
import { rebuildReport, type RebuildRow } from './rebuild-report.ts';

const settings = benchSettings();
const postgresEvents = Number(process.env.BENCH_REBUILD_EVENTS ?? (settings.quick ? 5_000 : 30_000));
const pgliteEvents = Number(process.env.BENCH_REBUILD_PGLITE_EVENTS ?? (settings.quick ? 2_000 : 10_000));
const targets = (process.env.BENCH_TARGETS ?? 'postgres,pglite').split(',');
const AIM_EVENTS_PER_SECOND = 50_000;

/**
 * Appends the log through the store: groups of appends issued together, which the store writes in one
 * batch. Groups of 200: the store's batch function costs more per append as its batch grows (it
 * rebuilds its jsonb array of outcomes for every append), so 2 000 at once seed about 3× slower.
 */
async function seedLog(store: EventStore, log: BankLog, target: string): Promise<void> {
  const group = 200;
  const started = performance.now();
  for (let i = 0; i < log.appends.length; i += group) {
    await Promise.all(log.appends.slice(i, i + group).map((a) => store.append(a.streamId, a.events, a.expectedVersion)));
    if ((i / group) % 100 === 99) progress(`${target}: seeding ${i + group}/${log.events} events`);
  }
  progress(`${target}: seeded ${log.events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** One `esbank rebuild` of every read model; returns log events per second. */
async function timedRebuild(config: Config, logEvents: number): Promise<number> {
  let output = '';
  const io = { out: { write: (text: string) => (output += text) }, err: process.stderr, signal: new AbortController().signal };
  return eventsPerSecond(async () => {
    const code = await runRebuildCommand(config, [], io);
    if (code !== 0) throw new Error(`The rebuild ended with code ${code}:\n${output}`);
    return logEvents;
  });
}

/** The rebuilt read models must hold the log's accounts and ATMs: the timed runs did the whole work. */
async function assertRebuiltOrThrow(query: RawQuery, log: BankLog): Promise<void> {
  const { rows } = await query('select (select count(*) from accounts) as accounts, (select count(*) from atms) as atms, (select min(position) from projection_checkpoints) as checkpoint, (select max(position) from events) as head', []);
  const row = rows[0] ?? {};
  if (Number(row.accounts) !== log.accounts || Number(row.atms) !== log.atms || Number(row.checkpoint) !== Number(row.head)) {
    throw new Error(`The rebuilt read models do not match the log: ${JSON.stringify(row)} for ${log.accounts} accounts and ${log.atms} ATMs.`);
  }
}

async function measureTarget(name: string, log: BankLog, query: RawQuery, config: Config): Promise<RebuildRow> {
  const rawKeyset = await medianOfRuns(`${name}: raw keyset read of the log`, settings.runs, () => eventsPerSecond(() => readKeysetPages(query, 'events', 0)));
  const rebuild = await medianOfRuns(`${name}: esbank rebuild (all read models)`, settings.runs, () => timedRebuild(config, log.events));
  return { target: name, events: log.events, rebuild, rawKeyset };
}

async function benchPostgres(log: BankLog): Promise<{ row: RebuildRow; phases: ProjectionPhases[] }> {
  const database = await createBenchDatabase('rebuild');
  const client = new pg.Client({ connectionString: database.url });
  try {
    await client.connect();
    const store = createPostgresEventStore(database.connection);
    await seedLog(store, log, 'PostgreSQL');
    await store.close();
    const query = rawQueryOf(client);
    const row = await measureTarget('PostgreSQL', log, query, loadConfig({ DATABASE_URL: database.url }));
    await assertRebuiltOrThrow(query, log);
    progress('PostgreSQL: one diagnostic rebuild, every statement timed');
    return { row, phases: await measureRebuildPhases(database.url) };
  } finally {
    await client.end().catch(() => {});
    await database.drop();
  }
}

/** PGlite keeps its data in a folder, which `esbank rebuild` opens itself: seed and read, close, then rebuild. */
async function benchPglite(log: BankLog): Promise<RebuildRow> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'esbank-bench-rebuild-'));
  try {
    const pglite = await PGlite.create(dataDir);
    const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
    const connection: Pick<DatabaseConnection, 'db' | 'listen'> = { db, listen: async (channel, onNotify) => pglite.listen(channel, onNotify).then((un) => () => un()) };
    const query: RawQuery = (text, params) => pglite.query<Record<string, unknown>>(text, params);
    let rawKeyset: number;
    try {
      await migrateToLatestOrThrow(db);
      const store = createPostgresEventStore(connection);
      await seedLog(store, log, 'PGlite');
      await store.close();
      rawKeyset = await medianOfRuns('PGlite: raw keyset read of the log', settings.runs, () => eventsPerSecond(() => readKeysetPages(query, 'events', 0)));
    } finally {
      await db.destroy();
    }
    const rebuild = await medianOfRuns('PGlite: esbank rebuild (all read models)', settings.runs, () => timedRebuild(loadConfig({ ESBANK_DATA_DIR: dataDir }), log.events));
    const reopened = await PGlite.create(dataDir);
    try {
      await assertRebuiltOrThrow((text, params) => reopened.query<Record<string, unknown>>(text, params), log);
    } finally {
      await reopened.close();
    }
    return { target: 'PGlite', events: log.events, rebuild, rawKeyset };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const rows: RebuildRow[] = [];
  let phases: ProjectionPhases[] = [];
  let postgresLog: BankLog | undefined;
  if (targets.includes('postgres')) {
    postgresLog = buildBankLog(postgresEvents);
    const result = await benchPostgres(postgresLog);
    rows.push(result.row);
    phases = result.phases;
  }
  if (targets.includes('pglite')) rows.push(await benchPglite(buildBankLog(pgliteEvents)));
  const postgres = rows.find((r) => r.target === 'PostgreSQL');
  const aims: Aim[] = postgres
    ? [{ aim: `esbank rebuild of all read models, ${formatRate(postgres.events)}-event log, PostgreSQL`, measured: postgres.rebuild, target: AIM_EVENTS_PER_SECOND, direction: 'atLeast', unit: 'events/s' }]
    : [];
  const markdown = rebuildReport({ rows, phases, log: postgresLog, settings, loadAtStart });
  writeSection(settings, { id: 'rebuild', title: 'Projection rebuild', markdown, aims, data: { rows, phases, logEventsByType: postgresLog ? Object.fromEntries(postgresLog.eventsByType) : null } });
}

try {
  await main();
} catch (error) {
  process.stderr.write(`rebuild benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
