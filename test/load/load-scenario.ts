/**
 * One load run against a server that is already up: set up the bank (an extra ATM, shared accounts),
 * run the clients for the given time with a progress line every few seconds, stop them, wait for the
 * sagas and read models to settle and for the subscribers to receive the end of the log, then check
 * the invariants on the database and build the report. The caller asserts.
 */
import { sql } from 'kysely';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import type { BankDatabase, BankExpectations } from '../support/bank-invariant-types.ts';
import { checkBankInvariants, type InvariantReport, waitUntilSettled } from '../support/bank-invariants.ts';
import { createOperationContext, type LoadTarget, prepareLoadBank, startLoadClients } from '../support/load-clients.ts';
import { LoadExpectations } from '../support/load-expectations.ts';
import { LoadMetrics } from '../support/load-metrics.ts';
import { LoadProblems } from '../support/load-operations.ts';
import { percentile, round } from '../support/load-metrics.ts';
import { buildLoadReport, formatLoadReport, type LoadReport } from '../support/load-report.ts';

export interface LoadScenario {
  readonly leg: string;
  readonly target: LoadTarget;
  readonly db: BankDatabase;
  readonly clients: number;
  readonly seconds: number;
  readonly seed: number;
  readonly subscriberEvery: number;
  readonly sharedAccounts: number;
  readonly thinkMs: number;
  /** Send an idempotency key with every mutation (the server must accept the field). */
  readonly idempotencyKeys?: boolean;
  /** Whether the server's read models and sagas have processed every stored event (`caughtUp` of /ready). */
  readonly caughtUp: () => Promise<boolean>;
  /** The server's `/ready`, sampled during the load (an in-process server has one too). */
  readonly readyUrl: string;
  /** More figures for the report, asked for at the end. */
  readonly extra?: () => Readonly<Record<string, unknown>>;
}

export interface LoadOutcome {
  readonly report: LoadReport;
  /** What the clients were told, as checked. */
  readonly expectations: BankExpectations;
  readonly invariants: InvariantReport;
  readonly text: string;
}

const PROGRESS_EVERY_MS = 3_000;

export function progress(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

export async function headPosition(db: BankDatabase): Promise<number> {
  const { rows } = await sql<{ head: number | string | null }>`select max(position) as head from events`.execute(db);
  return Number(rows[0]?.head ?? 0);
}

/** The last position a subscriber must receive: the newest event its filter selects. */
export async function lastPositionFor(db: BankDatabase, streamId: string | null): Promise<number> {
  const { rows } = streamId === null
    ? await sql<{ head: number | string | null }>`select max(position) as head from events`.execute(db)
    : await sql<{ head: number | string | null }>`select max(position) as head from events where stream_id = ${streamId}`.execute(db);
  return Number(rows[0]?.head ?? 0);
}

export interface SagaTimings {
  readonly ended: number;
  /** From the accepted PIN (Accounts.AuthorizationConfirmed) to the saga's last event, by the store's clock. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

/** How long the ATM sagas took, from the store's timestamps. */
export async function sagaTimings(db: BankDatabase): Promise<SagaTimings> {
  const { rows } = await sql<{ ms: number | string }>`
    select extract(epoch from (e.created_at - c.created_at)) * 1000 as ms
    from events c join events e on e.correlation_id = c.correlation_id
      and e.event_type in ('Tellers.MoneyWithdrawn', 'Tellers.WithdrawalDeclined', 'Tellers.MoneyDeposited', 'Tellers.DepositDeclined')
    where c.event_type = 'Accounts.AuthorizationConfirmed'`.execute(db);
  const sorted = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  return { ended: sorted.length, p50Ms: round(percentile(sorted, 50), 0), p95Ms: round(percentile(sorted, 95), 0), maxMs: round(sorted.at(-1) ?? 0, 0) };
}

export interface ReadinessSamples {
  readonly samples: number;
  /** Answered 200. */
  readonly ready: number;
  /** Answered 200 with `caughtUp` true: nothing left to process. */
  readonly caughtUp: number;
  readonly lastNotReady: string;
}

/** Polls `/ready` once a second while the load runs: how often the server called itself ready. */
export function sampleReadiness(readyUrl: string): { stop(): ReadinessSamples } {
  let samples = 0;
  let ready = 0;
  let caughtUp = 0;
  let lastNotReady = '';
  const timer = setInterval(() => {
    void fetch(readyUrl, { signal: AbortSignal.timeout(900) }).then(
      async (response) => {
        samples += 1;
        const text = await response.text();
        if (response.status === 200) ready += 1;
        else lastNotReady = `${response.status} ${text.slice(0, 300)}`;
        if (response.status === 200 && text.includes('"caughtUp":true')) caughtUp += 1;
      },
      (error: unknown) => {
        samples += 1;
        lastNotReady = `no answer: ${error instanceof Error ? error.message : String(error)}`;
      },
    );
  }, 1_000);
  return {
    stop() {
      clearInterval(timer);
      return { samples, ready, caughtUp, lastNotReady };
    },
  };
}

export async function runLoadScenario(scenario: LoadScenario): Promise<LoadOutcome> {
  const { leg, db, clients, seconds, seed } = scenario;
  const startedAt = Date.now();
  const metrics = new LoadMetrics();
  const expectations = new LoadExpectations(startedAt);
  const problems = new LoadProblems(startedAt);
  // ConsistencyTimeoutError is the documented answer of a STRONG request whose saga or read models did
  // not catch up within the wait (the change is stored; the intents check holds it to that): under a
  // closed-loop flood on a small machine it measures capacity, not a fault. Its count is in the table.
  const ctx = createOperationContext(
    scenario.target,
    { metrics, expectations, problems },
    { idempotencyKeys: scenario.idempotencyKeys ?? false, retryUnanswered: false, serverMayDie: false, alsoExpected: ['ConsistencyTimeoutError'] },
  );

  const bank = await prepareLoadBank(ctx, DEFAULT_ATM_ID, scenario.sharedAccounts);
  const headBefore = await headPosition(db);
  progress(`[${leg}] ${clients} clients start for ${seconds} s (seed ${seed}, a subscriber every ${scenario.subscriberEvery} clients)`);
  const loadStarted = performance.now();
  const run = startLoadClients(scenario.target, ctx, { clients, seed, ...bank, subscriberEvery: scenario.subscriberEvery, thinkMs: scenario.thinkMs });
  const readiness = sampleReadiness(scenario.readyUrl);

  let lastRequests = 0;
  let lastTick = performance.now();
  while (performance.now() - loadStarted < seconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(PROGRESS_EVERY_MS, seconds * 1000 - (performance.now() - loadStarted))));
    const now = performance.now();
    const rate = ((metrics.requests - lastRequests) * 1000) / Math.max(1, now - lastTick);
    [lastRequests, lastTick] = [metrics.requests, now];
    progress(
      `[${leg}] ${((now - loadStarted) / 1000).toFixed(0)} s/${seconds} s: ${metrics.requests} requests (${rate.toFixed(0)}/s now), ` +
        `p95 ${metrics.overallPercentile(95).toFixed(0)} ms, ${problems.count} problems, head ${await headPosition(db)}, ${run.subscribers.length} subscribers`,
    );
  }
  await run.stop();
  const readinessDuringLoad = readiness.stop();
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const headAfterLoad = await headPosition(db);
  progress(`[${leg}] clients stopped after ${loadSeconds.toFixed(1)} s; waiting for the sagas and read models to settle`);

  await waitUntilSettled(db, { timeoutMs: 120_000, caughtUp: scenario.caughtUp, onProgress: (line) => progress(`[${leg}] ${line}`) });
  const lastPositions = new Map<string, number>();
  for (const subscriber of run.subscribers) lastPositions.set(subscriber.record.name, await lastPositionFor(db, subscriber.record.streamId));
  const behind = await run.waitForSubscribers((s) => lastPositions.get(s.record.name) ?? 0, 60_000);
  for (const s of behind) progress(`[${leg}] ${s.record.name} is still at ${s.lastPosition} of ${lastPositions.get(s.record.name)} after 60 s`);
  await run.stopSubscribers();

  const told = expectations.expectations(run.subscribers.map((s) => s.record));
  const invariants = await checkBankInvariants(db, told);
  const report = buildLoadReport({
    leg,
    clients,
    seed,
    load: metrics.summary(loadSeconds),
    eventsDuringLoad: headAfterLoad - headBefore,
    subscribers: run.subscribers,
    expectations,
    problems,
    invariants,
    extra: {
      'ATM sagas (PIN accepted → last event)': await sagaTimings(db),
      '/ready during the load':
        `${readinessDuringLoad.ready} of ${readinessDuringLoad.samples} samples answered 200 (${readinessDuringLoad.caughtUp} of them caught up)` +
        (readinessDuringLoad.lastNotReady ? `; last other answer: ${readinessDuringLoad.lastNotReady}` : ''),
      ...scenario.extra?.(),
    },
  });
  return { report, expectations: told, invariants, text: formatLoadReport(report, invariants) };
}
