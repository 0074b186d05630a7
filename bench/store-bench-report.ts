/**
 * The store benchmark's results: one row per measure and target with the EsBank, raw and Emmett
 * figures, printed as a Markdown table with the notes a reader needs to interpret it (which Emmett
 * API gave which figure, what "n/a" means, how loaded the machine was), and saved as Markdown and
 * JSON by a full run.
 */
import os from 'node:os';
import { formatRate, markdownTable } from './bench-support.ts';
import { type Aim, loadAverage, machineDescription, writeSection } from './bench-results.ts';
import type { CpuUse } from './process-cpu.ts';
import { EMMETT_BEST_PULLING, EMMETT_DEFAULT_PULLING, EMMETT_PGLITE_UNAVAILABLE, EMMETT_VERSION, type EmmettPulling } from './emmett-store.ts';

export interface Row {
  readonly measure: string;
  readonly target: string;
  readonly esbank: number;
  readonly raw: number;
  /** `null` when Emmett was not measured on this target (see the notes). */
  readonly emmett: number | null;
  /** Catch-up only: Emmett's consumer at its default pulling settings (`emmett` is the best ones). */
  readonly emmettDefault?: number;
  /** Appends only: CPU per appended event of this process and of PostgreSQL, for EsBank and for raw. */
  readonly appendCpu?: { readonly esbank: CpuUse; readonly raw: CpuUse };
}

/** Where the CPU of the appends went: per appended event, by process, EsBank beside raw. */
function appendCpuTable(rows: readonly Row[]): string {
  const micros = (value: number | null): string => (value === null ? 'n/a' : `${Math.round(value)} µs`);
  const withCpu = rows.filter((r) => r.appendCpu);
  if (withCpu.length === 0) return '';
  const table = markdownTable(
    ['CPU per appended event', 'target', 'EsBank: benchmark process', 'EsBank: PostgreSQL', 'raw: benchmark process', 'raw: PostgreSQL'],
    withCpu.map((r) => [r.measure, r.target, micros(r.appendCpu!.esbank.benchMicros), micros(r.appendCpu!.esbank.postgresMicros), micros(r.appendCpu!.raw.benchMicros), micros(r.appendCpu!.raw.postgresMicros)]),
  );
  return `\n\n${table}\n\nCPU per appended event, warm-up included, from /proc (bench/process-cpu.ts): the benchmark process (the store's client side, or for PGlite the database too, which runs inside it) and the PostgreSQL server's processes. Where EsBank's CPU per event is about raw's but its rate is lower, the difference is waiting, not work: its appends run one batch at a time under the append lock, while plain inserts commit on 8 backends at once.`;
}

export interface RunSettings {
  readonly quick: boolean;
  readonly runs: number;
  readonly seconds: number;
  readonly logEvents: number;
  readonly catchUpCapSeconds: number;
  /** Load average (1 min) when the run started; the end is read when the report is made. */
  readonly loadAtStart: number;
  /** Notes found during the run, such as a capped Emmett catch-up. */
  readonly findings: readonly string[];
}

function pulling(settings: EmmettPulling): string {
  return `batchSize ${settings.batchSize}, pullingFrequencyInMs ${settings.pullingFrequencyInMs}`;
}

/** Said when the load average exceeded the number of cores at the start or the end of the run. */
function sharedMachineNote(load: { start: number; end: number }): string[] {
  const cores = os.cpus().length;
  if (Math.max(load.start, load.end) <= cores) return [];
  return [
    `The machine was shared during this run (load average above its ${cores} cores): absolute figures are low, and the appends, which share the server's WAL flushes with the other work, vary by tens of percent from run to run. Compare the ratios, and re-run on a quiet machine before judging absolutes.`,
  ];
}

function notes(settings: RunSettings, load: { start: number; end: number }): string[] {
  return [
    'Ratios above 1 mean EsBank is faster. Each system has its own fresh database on the same server; all read measures run on the same log size, seeded before the append measures.',
    `Emmett ${EMMETT_VERSION} (\`@event-driven-io/emmett-postgresql\`): appends through \`getPostgreSQLEventStore(url).appendToStream(stream, events, { expectedStreamVersion })\`, checked on every call like EsBank; the stream read through \`readStream(stream)\`.`,
    'Global log in pages: EsBank `readAll({ fromPosition, limit: 1000 })`; raw `select … where position > $1 order by position limit 1000`; Emmett `readMessagesBatch(pool.execute, { after, batchSize: 1000 })`, the query its consumers poll with (its `EventStore` has no read-all). That query orders by `transaction_id, global_position` with no index on either, so every page scans the whole table: Emmett\'s rate falls as the log grows.',
    `Catch-up: EsBank \`subscribeToAll({ fromPosition: 0 })\` until the head; Emmett \`eventStore.consumer({ pulling, stopWhen: { noMessagesLeft: true } })\` with one \`consumer.reactor({ startFrom: 'BEGINNING', eachMessage })\`, which stores its checkpoint after every message. Emmett's figure uses the fastest pulling found here (${pulling(EMMETT_BEST_PULLING)}: the best of batch sizes 100, 1 000, 5 000 and 10 000 on 50 000 events, 10 000 within 2 %); in parentheses its defaults (${pulling(EMMETT_DEFAULT_PULLING)}). An Emmett catch-up run stops after ${settings.catchUpCapSeconds} s and counts the events handled by then. The raw column repeats the keyset read.`,
    `PGlite: Emmett n/a: ${EMMETT_PGLITE_UNAVAILABLE}.`,
    ...settings.findings,
    ...sharedMachineNote(load),
  ];
}

function emmettCell(row: Row): string {
  if (row.emmett === null) return 'n/a';
  return row.emmettDefault === undefined ? formatRate(row.emmett) : `${formatRate(row.emmett)} (${formatRate(row.emmettDefault)})`;
}

/** The issue's aims for the store, per target: appends at 8 writers ≥ 0.8×, a stream read ≥ 0.7×, catch-up ≥ 0.5× raw. */
function storeAims(rows: readonly Row[]): Aim[] {
  const aims: Aim[] = [];
  for (const row of rows) {
    const ratio = row.esbank / row.raw;
    if (row.measure.startsWith('append') && row.measure.endsWith('8 writers')) aims.push({ aim: `${row.measure}, ${row.target}: EsBank / raw`, measured: ratio, target: 0.8, direction: 'atLeast', unit: '×' });
    if (row.measure.startsWith('read one')) aims.push({ aim: `${row.measure}, ${row.target}: EsBank / raw`, measured: ratio, target: 0.7, direction: 'atLeast', unit: '×' });
    if (row.measure.startsWith('catch-up')) aims.push({ aim: `${row.measure}, ${row.target}: EsBank / raw keyset read`, measured: ratio, target: 0.5, direction: 'atLeast', unit: '×' });
  }
  return aims;
}

/** Prints the table, notes and aims, and writes event-store.{md,json} into the results folder. */
export function reportResults(rows: readonly Row[], settings: RunSettings): void {
  const table = markdownTable(
    ['measure (events/s, median)', 'target', 'EsBank', 'raw baseline', 'Emmett', 'EsBank / raw', 'EsBank / Emmett'],
    rows.map((r) => [
      r.measure,
      r.target,
      formatRate(r.esbank),
      formatRate(r.raw),
      emmettCell(r),
      (r.esbank / r.raw).toFixed(2),
      r.emmett === null ? 'n/a' : (r.esbank / r.emmett).toFixed(2),
    ]),
  );
  const load = { start: settings.loadAtStart, end: loadAverage() };
  const mode = settings.quick ? 'quick mode: not for judging numbers' : `${settings.runs} runs of ${settings.seconds} s, median`;
  const header = `Event store (${mode}) on ${machineDescription()}; load average ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end`;
  const allNotes = notes(settings, load);
  const markdown = `${header}\n\n${table}${appendCpuTable(rows)}\n\n${allNotes.map((n) => `- ${n}`).join('\n')}\n`;
  const data = { runs: settings.runs, seconds: settings.seconds, logEvents: settings.logEvents, loadAverage: load, emmett: { version: EMMETT_VERSION, bestPulling: EMMETT_BEST_PULLING, defaultPulling: EMMETT_DEFAULT_PULLING }, notes: allNotes, rows };
  writeSection({ quick: settings.quick, runs: settings.runs, seconds: settings.seconds }, { id: 'event-store', title: 'Event store: appends, reads, catch-up', markdown, aims: storeAims(rows), data });
}
