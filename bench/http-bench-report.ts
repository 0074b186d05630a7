/**
 * The HTTP benchmark's results (http-bench.ts): one row per measure with EsBank's rate, the raw
 * baseline of the same run, their ratio and the latencies, the notes a reader new to the project needs
 * to read them (who sends what, what STRONG and EVENTUAL mean, what the baseline is), and the issue's
 * aim, written through writeSection as the `http` section.
 */
import os from 'node:os';
import { type Aim, type BenchSettings, loadAverage, machineDescription, writeSection } from './bench-results.ts';
import { formatRate, markdownTable } from './bench-support.ts';
import { type CpuUse, formatCpuUse } from './process-cpu.ts';

/** One measure's figures: rates are successes per second, latencies over the measured runs' successes. */
export interface HttpMeasure {
  readonly measure: string;
  /** What one success is, plural: `deposits`, `withdrawals`. */
  readonly unit: string;
  /** Median of the measured runs. */
  readonly ratePerSecond: number;
  readonly runRates: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers in the measured runs, successes and failures. */
  readonly answers: number;
  /** Answers that were not successes in the measured runs, by what came back. */
  readonly failures: Readonly<Record<string, number>>;
  readonly successesIncludingWarmUp: number;
  /** CPU per success over the measured runs, by process (process-cpu.ts). */
  readonly cpu: CpuUse;
  /** The id of the last ATM operation that succeeded (withdrawals only). */
  readonly lastOperationId?: string;
}

export interface HttpResults {
  readonly settings: BenchSettings;
  readonly clients: number;
  /** Raw single-event appends per second, `clients` writers: the median of the runs. */
  readonly rawPerSecond: number;
  readonly deposits: { readonly strong: HttpMeasure; readonly eventual: HttpMeasure };
  readonly withdrawals: HttpMeasure;
  /** The event types one withdrawal saga stored, in order. */
  readonly sagaEventTypes: readonly string[];
  /** Events stored during the withdrawal measure per successful withdrawal. */
  readonly eventsPerWithdrawal: number;
  readonly loadAtStart: number;
  readonly serverLogLevels: Readonly<Record<string, number>>;
  readonly serverWarnings: Readonly<Record<string, number>>;
}

const ms = (value: number): string => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
/** Two decimals, or two significant digits below 0.1 (a withdrawal's ratio is small: 0.0047×). */
const ratio = (value: number): string => `${value >= 0.1 ? value.toFixed(2) : value.toPrecision(2)}×`;

function row(label: string, measure: HttpMeasure, raw: number): string[] {
  return [label, formatRate(measure.ratePerSecond), formatRate(raw), ratio(measure.ratePerSecond / raw), ms(measure.p50Ms), ms(measure.p99Ms), formatCpuUse(measure.cpu)];
}

function failureNotes(measures: readonly HttpMeasure[]): string[] {
  return measures
    .filter((m) => Object.keys(m.failures).length > 0)
    .map((m) => {
      const failed = Object.values(m.failures).reduce((a, b) => a + b, 0);
      const what = Object.entries(m.failures).map(([label, count]) => `${count} × ${label}`).join(', ');
      return `${m.measure}: ${failed} of ${m.answers} answers were not successes (${what}); the rate counts successes only, the latencies are theirs.`;
    });
}

function serverNotes(results: HttpResults): string[] {
  const warnings = Object.entries(results.serverWarnings);
  if (warnings.length === 0) return [];
  return [`The server logged: ${warnings.map(([message, count]) => `${count} × ${message}`).join('; ')}.`];
}

function sharedMachineNote(load: { start: number; end: number }): string[] {
  const cores = os.cpus().length;
  if (Math.max(load.start, load.end) <= cores) return [];
  return [`The machine was shared during this run (load average above its ${cores} cores): the server, PostgreSQL and the clients all compete for the same cores, so absolute figures are low. Compare the ratios, and re-run on a quiet machine before judging absolutes.`];
}

function notes(results: HttpResults, load: { start: number; end: number }): string[] {
  const { clients, settings, withdrawals } = results;
  const saga = results.sagaEventTypes.length > 0 ? ` (one of them stored ${results.sagaEventTypes.join(', ')})` : '';
  return [
    `Rates are successful answers per second: the median of ${settings.runs} run${settings.runs > 1 ? 's' : ''} of ${settings.seconds} s after a warm-up run. p50 and p99 are latencies seen by the client (request sent → whole answer read) over every successful request of the measured runs.`,
    `${clients} concurrent clients, each sending its next request as soon as the previous one is answered, over keep-alive HTTP connections (Node's fetch) to the server on the same machine, with the operator's bearer token. Each client has an account of its own, so no two clients write the same stream. The server is \`node src/main.ts\` on a fresh PostgreSQL database (NODE_ENV=production, LOG_LEVEL=warn, per-address rate limits raised so that clients all on 127.0.0.1 are not throttled).`,
    'deposit: the `deposit` mutation (1.00 at the counter) as the generated client sends it (client/operations), its answer including the account read from the read model. STRONG answers once every read model includes the deposit, so a query right after sees it; EVENTUAL answers as soon as the event is stored, and the read models follow in the background (their catching up runs during the measure too; the server catches up before the next measure starts).',
    `ATM withdrawal: \`initiateWithdrawal\` of 1.00 with the account's PIN at the client's own ATM (so clients do not queue on one ATM's stream), STRONG: the answer waits until the withdrawal saga has ended, COMPLETED meaning the notes were handed out. Each withdrawal checks the PIN (a salted scrypt hash) and stored ${results.eventsPerWithdrawal.toFixed(1)} events on average${saga}, and the server's saga runner handles the events of all sagas one at a time (src/application/process-manager-runner.ts), so the clients' withdrawals queue there; its ratio compares a whole saga with one INSERT.`,
    `raw baseline: ${clients} writers, each on its own pg connection and stream, appending one event per plain prepared INSERT into a table of the same row shape and indexes as EsBank's \`events\` (bench/raw-postgres-baseline.ts, the store benchmark's raw baseline), in the same database and run, while the EsBank server idles: the rate PostgreSQL commits one-event transactions at here, a ceiling for any request that stores an event.`,
    'CPU per request: CPU time per successful request over the measured runs, read from /proc (bench/process-cpu.ts): the EsBank server process, PostgreSQL (all its processes) and the benchmark\'s own clients, and how busy all cores were. Server, PostgreSQL and clients share the same cores, so when the cores are busy, the sum of the three per request is what bounds the rate (rate ≈ cores × 1 s / sum).',
    'Emmett has no HTTP layer (it is an event-store library, not a server), so this section has no Emmett column; the event store section compares the stores themselves.',
    ...(withdrawals.successesIncludingWarmUp === 0 ? ['No withdrawal succeeded.'] : []),
    ...failureNotes([results.deposits.strong, results.deposits.eventual, withdrawals]),
    ...serverNotes(results),
    ...sharedMachineNote(load),
  ];
}

function aims(results: HttpResults): Aim[] {
  return [
    {
      aim: `end-to-end STRONG deposits over HTTP, ${results.clients} clients / raw single-event append, ${results.clients} writers`,
      measured: results.deposits.strong.ratePerSecond / results.rawPerSecond,
      target: 0.3,
      direction: 'atLeast',
      unit: '×',
    },
  ];
}

/** Prints the table, notes and aim, and writes http.{md,json} into the results folder. */
export function reportHttpResults(results: HttpResults): void {
  const { clients, rawPerSecond, deposits, withdrawals, settings } = results;
  const table = markdownTable(
    ['measure (per second, median)', 'EsBank', 'raw baseline', 'EsBank / raw', 'p50', 'p99', 'CPU per request'],
    [
      row(`deposits, STRONG, ${clients} clients`, deposits.strong, rawPerSecond),
      row(`deposits, EVENTUAL, ${clients} clients`, deposits.eventual, rawPerSecond),
      row(`ATM withdrawals (whole saga), STRONG, ${clients} clients`, withdrawals, rawPerSecond),
    ],
  );
  const load = { start: results.loadAtStart, end: loadAverage() };
  const mode = settings.quick ? 'quick mode: not for judging numbers' : `${settings.runs} runs of ${settings.seconds} s, median`;
  const header = `End to end over HTTP (${mode}) on ${machineDescription()}; load average ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end. The raw baseline is ${clients} writers appending single events with plain INSERTs.`;
  const allNotes = notes(results, load);
  const markdown = `${header}\n\n${table}\n\n${allNotes.map((n) => `- ${n}`).join('\n')}\n`;
  const data = {
    clients,
    rawSingleEventAppendsPerSecond: rawPerSecond,
    measures: [deposits.strong, deposits.eventual, withdrawals],
    ratios: { strongDepositsToRaw: deposits.strong.ratePerSecond / rawPerSecond, eventualDepositsToRaw: deposits.eventual.ratePerSecond / rawPerSecond, withdrawalsToRaw: withdrawals.ratePerSecond / rawPerSecond },
    withdrawalSaga: { eventTypes: results.sagaEventTypes, eventsPerWithdrawal: results.eventsPerWithdrawal },
    loadAverage: load,
    server: { logLevels: results.serverLogLevels, warnings: results.serverWarnings },
    notes: allNotes,
  };
  writeSection(settings, { id: 'http', title: 'End to end over HTTP', markdown, aims: aims(results), data });
}
