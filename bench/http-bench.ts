/**
 * `node bench/http-bench.ts`: EsBank end to end over HTTP, the way a client sees it. The real server
 * (`node src/main.ts`, a child process on a fresh PostgreSQL database: bench-server.ts) answers
 * GraphQL mutations from 8 concurrent clients, each on keep-alive connections (Node's fetch) with the
 * operator's token, each on an account of its own:
 *
 * - `deposit` at the counter, once with consistency STRONG (the answer waits until every read model
 *   includes the deposit) and once EVENTUAL (it answers once the event is stored);
 * - `initiateWithdrawal` with the account's PIN at an ATM of the client's own with plenty of cash, STRONG:
 *   the answer waits for the saga's end (COMPLETED: the notes were handed out);
 * - the baseline, in the same run on the same PostgreSQL server: 8 writers appending one event per
 *   plain prepared INSERT (raw-postgres-baseline.ts), the ceiling the aim compares deposits with.
 *
 * Each measure has a warm-up run, then BENCH_RUNS runs of BENCH_SECONDS (benchSettings); the rate is
 * the median of the runs, the latencies (p50, p99) are over every request of the measured runs. The
 * server drains its background work (read models, sagas) between measures. Quick mode
 * (BENCH_QUICK=1 or --quick): 1 run of 1 s, to keep the benchmark working, not to judge its figures.
 *
 * Exits non-zero when a measure fails (more than 1 % of the answers were not successes, the server
 * died); the server is killed and its database dropped in every case.
 */
import pg from 'pg';
import { type Consistency, DepositDocument, InitiateWithdrawalDocument, OpenAccountDocument, RegisterAtmDocument } from '../client/generated/graphql.ts';
import { createGraphQLCaller, type GraphQLCaller } from '../test/support/load-http.ts';
import { outcomeLabel } from '../test/support/load-operations.ts';
import type { ServerProcess } from '../test/support/server-process.ts';
import { OPERATOR_AUTHORIZATION } from '../test/support/test-auth.ts';
import { benchSettings, loadAverage, percentile, type BenchSettings } from './bench-results.ts';
import { startBenchServer } from './bench-server.ts';
import { formatRate, median, medianOfRuns, measureThroughput, progress } from './bench-support.ts';
import { reportHttpResults, type HttpMeasure } from './http-bench-report.ts';
import { cpuSample, type CpuSample, cpuUse, formatCpuUse } from './process-cpu.ts';
import { openRawPostgresWriters } from './raw-postgres-baseline.ts';

/** Concurrent clients, and writers of the raw baseline. */
const CLIENTS = 8;
/** More than 1 % of the answers of a measure not successes: the measure (and the benchmark) fails. */
const MAX_FAILURE_SHARE = 0.01;
/** Plenty: a withdrawal takes 1.00 from an account and an ATM that hold 10 000 000 000.00. */
const STARTING_CENTS = 1_000_000_000_000;
const AMOUNT_CENTS = 100;
const PIN = '2468';

/** One client: its connection to the server, its account and its ATM. */
interface BenchClient {
  readonly caller: GraphQLCaller;
  readonly accountId: string;
  readonly atmId: string;
}

/** One request's answer: success or not (with what came back), and how long it took. */
interface TimedAnswer {
  readonly ok: boolean;
  readonly label: string;
  readonly latencyMs: number;
  /** The saga's id, for a withdrawal. */
  readonly operationId?: string;
}

async function openClients(server: ServerProcess): Promise<BenchClient[]> {
  return Promise.all(
    Array.from({ length: CLIENTS }, async (_, n) => {
      const caller = createGraphQLCaller(() => server.url, OPERATOR_AUTHORIZATION);
      const opened = await caller.call(OpenAccountDocument, { input: { owner: `bench client ${n + 1}`, pin: PIN }, consistency: 'STRONG' });
      const account = opened.outcome.kind === 'data' ? opened.outcome.data.openAccount : undefined;
      if (account?.__typename !== 'OpenAccountSuccess') throw new Error(`Opening an account failed: ${outcomeLabel(opened.outcome)}`);
      const funded = await caller.call(DepositDocument, { input: { accountId: account.accountId, amount: STARTING_CENTS }, consistency: 'STRONG' });
      if (outcomeLabel(funded.outcome) !== 'DepositSuccess') throw new Error(`Funding an account failed: ${outcomeLabel(funded.outcome)}`);
      const registered = await caller.call(RegisterAtmDocument, { input: { initialCash: STARTING_CENTS }, consistency: 'STRONG' });
      const atm = registered.outcome.kind === 'data' ? registered.outcome.data.registerAtm : undefined;
      if (atm?.__typename !== 'RegisterAtmSuccess') throw new Error(`Registering an ATM failed: ${outcomeLabel(registered.outcome)}`);
      return { caller, accountId: account.accountId, atmId: atm.atmId };
    }),
  );
}

async function deposit(client: BenchClient, consistency: Consistency): Promise<TimedAnswer> {
  const { outcome, latencyMs } = await client.caller.call(DepositDocument, { input: { accountId: client.accountId, amount: AMOUNT_CENTS }, consistency });
  const label = outcomeLabel(outcome);
  return { ok: label === 'DepositSuccess', label, latencyMs };
}

async function withdraw(client: BenchClient): Promise<TimedAnswer> {
  const input = { accountId: client.accountId, atmId: client.atmId, pin: PIN, amount: AMOUNT_CENTS };
  const { outcome, latencyMs } = await client.caller.call(InitiateWithdrawalDocument, { input, consistency: 'STRONG' });
  const result = outcome.kind === 'data' ? outcome.data.initiateWithdrawal : undefined;
  if (result?.__typename === 'InitiateWithdrawalSuccess' && result.status === 'COMPLETED') return { ok: true, label: 'COMPLETED', latencyMs, operationId: result.withdrawalId };
  const label = result?.__typename === 'InitiateWithdrawalSuccess' ? `InitiateWithdrawalSuccess (${result.status})` : outcomeLabel(outcome);
  return { ok: false, label, latencyMs };
}

/** Warm-up, then the measured runs of `request` from every client at once; throws when too many answers failed. */
async function measureRequests(
  settings: BenchSettings,
  server: ServerProcess,
  label: string,
  unit: string,
  clients: readonly BenchClient[],
  request: (client: BenchClient) => Promise<TimedAnswer>,
): Promise<HttpMeasure> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const runRates: number[] = [];
  let answers = 0;
  let successesIncludingWarmUp = 0;
  let lastOperationId: string | undefined;
  let cpuFrom: CpuSample | undefined;
  let measuredSuccesses = 0;
  for (let run = 0; run <= settings.runs; run++) {
    if (run === 1) cpuFrom = cpuSample(server.pid);
    const runLatencies: number[] = [];
    const rate = await measureThroughput(CLIENTS, settings.seconds, async (c) => {
      const answer = await request(clients[c]!);
      if (run > 0) answers += 1;
      if (!answer.ok) {
        if (run > 0) failures.set(answer.label, (failures.get(answer.label) ?? 0) + 1);
        return 0;
      }
      successesIncludingWarmUp += 1;
      if (run > 0) measuredSuccesses += 1;
      lastOperationId = answer.operationId ?? lastOperationId;
      runLatencies.push(answer.latencyMs);
      return 1;
    });
    const figures = `${formatRate(rate)} ${unit}/s, p50 ${latencyText(runLatencies, 50)}, p99 ${latencyText(runLatencies, 99)}`;
    progress(`${label}: ${run === 0 ? 'warm-up' : `run ${run}/${settings.runs}`} ${figures}`);
    throwIfExited(server);
    if (run === 0) continue;
    runRates.push(rate);
    for (const latency of runLatencies) latencies.push(latency);
  }
  const cpu = cpuUse(cpuFrom ?? cpuSample(server.pid), cpuSample(server.pid), measuredSuccesses);
  progress(`${label}: CPU per ${unit.replace(/s$/, '')}: ${formatCpuUse(cpu)}`);
  const failed = [...failures.values()].reduce((a, b) => a + b, 0);
  if (answers === 0 || failed > answers * MAX_FAILURE_SHARE) {
    throw new Error(`${label}: ${failed} of ${answers} answers were not successes: ${JSON.stringify(Object.fromEntries(failures))}`);
  }
  return {
    measure: label,
    unit,
    ratePerSecond: median(runRates),
    runRates,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    answers,
    failures: Object.fromEntries(failures),
    successesIncludingWarmUp,
    cpu,
    ...(lastOperationId === undefined ? {} : { lastOperationId }),
  };
}

function latencyText(latencies: readonly number[], p: number): string {
  return latencies.length === 0 ? 'n/a' : `${percentile(latencies, p).toFixed(1)} ms`;
}

function throwIfExited(server: ServerProcess): void {
  if (server.hasExited) throw new Error(`The server exited during the benchmark; its last lines:\n${server.outputLines().slice(-20).join('\n')}`);
}

/** Waits until every read model and saga has processed every stored event, so one measure's backlog does not slow the next. */
async function waitUntilCaughtUp(server: ServerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await server.isCaughtUp())) {
    throwIfExited(server);
    if (Date.now() > deadline) throw new Error(`The server's read models and sagas did not catch up within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Events stored so far, and the event types one withdrawal saga stored (by its correlation id). */
async function storedEvents(databaseUrl: string, withdrawalId?: string): Promise<{ total: number; sagaEventTypes: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const total = Number((await client.query<{ count: string }>('select count(*) from events')).rows[0]?.count ?? 0);
    const saga = withdrawalId ? await client.query<{ event_type: string }>('select event_type from events where correlation_id = $1 order by position', [withdrawalId]) : { rows: [] };
    return { total, sagaEventTypes: saga.rows.map((r) => r.event_type) };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const settings = benchSettings();
  const loadAtStart = loadAverage();
  const started = performance.now();
  progress('starting the server on a fresh database');
  const bench = await startBenchServer();
  try {
    const { server, databaseUrl } = bench;
    await server.waitReady();
    const clients = await openClients(server);
    progress(`server up, ${CLIENTS} accounts and ATMs ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const writers = await openRawPostgresWriters(databaseUrl, CLIENTS);
    const raw = await medianOfRuns(`raw single-event INSERT, ${CLIENTS} writers`, settings.runs, () => writers.appendOneEventRun(settings.seconds)).finally(() => writers.close());
    const strong = await measureRequests(settings, server, `deposit STRONG, ${CLIENTS} clients`, 'deposits', clients, (c) => deposit(c, 'STRONG'));
    await waitUntilCaughtUp(server);
    const eventual = await measureRequests(settings, server, `deposit EVENTUAL, ${CLIENTS} clients`, 'deposits', clients, (c) => deposit(c, 'EVENTUAL'));
    await waitUntilCaughtUp(server);
    const before = await storedEvents(databaseUrl);
    const withdrawals = await measureRequests(settings, server, `ATM withdrawal (whole saga, STRONG), ${CLIENTS} clients`, 'withdrawals', clients, withdraw);
    await waitUntilCaughtUp(server);
    const after = await storedEvents(databaseUrl, withdrawals.lastOperationId);
    throwIfExited(server);
    reportHttpResults({
      settings,
      clients: CLIENTS,
      rawPerSecond: raw,
      deposits: { strong, eventual },
      withdrawals,
      sagaEventTypes: after.sagaEventTypes,
      eventsPerWithdrawal: (after.total - before.total) / withdrawals.successesIncludingWarmUp,
      loadAtStart,
      serverLogLevels: Object.fromEntries(server.logLevelCounts()),
      serverWarnings: Object.fromEntries(server.logMessageCounts()),
    });
  } finally {
    await bench.close();
  }
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`The HTTP benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
