/**
 * Database faults: PostgreSQL restarts under load. The real server (`node src/main.ts`) runs on a
 * private PostgreSQL cluster of this file (the shared one serves the other test files and must never
 * be restarted) while load clients open accounts, deposit and withdraw at the ATM over HTTP, with
 * eventual and strong consistency. The cluster is then killed (`pg_ctl stop -m immediate`, a crash),
 * left down for a few seconds and started again, FAULT_RESTARTS times. Checked:
 * - while it is down, `/ready` answers 503 within a few seconds and the process keeps running;
 * - once it is back, the same process serves again by itself within a bounded time: /ready shows
 *   the database answering and no projection or process manager failing (a 200 under load is not
 *   required: /ready asks every runner to be AT the head, which under steady writes it rarely is),
 *   and /ready answers 200 once the load stops;
 * - requests during the outage get an answer (an error), never a hang; the server LISTENs again;
 * - afterwards every acknowledged change is in the store, every started withdrawal ended exactly
 *   once, no event id is stored twice, and every balance equals its ledger and its events.
 * Prints the figures: restarts, requests per phase and outcome, time to not-ready and ready again.
 *
 * Sizes: FAULT_RESTARTS (default 2), FAULT_CLIENTS (10), FAULT_DOWN_MS (3 000), FAULT_STEADY_MS (2 000);
 * FAULT_STOP_MODE=fast stops cleanly instead of killing (immediate, the default).
 * FAULT_SERVER_LOG=<file> copies the server's log there; FAULT_PG_SETTINGS="name=value,…" adds
 * postgresql.conf settings (e.g. synchronous_commit=off, which makes a crash lose acknowledged commits).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultServerProcess, type ReadyAnswer } from '../support/fault-server-process.ts';
import { type RunningLoad, startLoad } from '../support/fault-load-clients.ts';
import { describeRecord, ms, printRestartSummary, type ReadySample, type RestartFigures } from '../support/fault-restart-report.ts';
import { settingsFromEnv, sizeFromEnv, stopModeFromEnv } from '../support/fault-settings.ts';
import {
  findBalanceMismatches,
  findLogAnomalies,
  findLostAcknowledgements,
  findSagaAnomalies,
  countListeningSessions,
  storeFigures,
  withConnection,
} from '../support/fault-store-audit.ts';
import { PrivatePostgres, privatePostgresSupport } from '../support/private-postgres.ts';

const RESTARTS = sizeFromEnv('FAULT_RESTARTS', 2);
const CLIENTS = sizeFromEnv('FAULT_CLIENTS', 10);
const DOWN_MS = sizeFromEnv('FAULT_DOWN_MS', 3_000);
const STEADY_MS = sizeFromEnv('FAULT_STEADY_MS', 2_000);
const STOP_MODE = stopModeFromEnv('FAULT_STOP_MODE', 'immediate');
/** `/ready` must turn 503 this soon after the database went away. */
const NOT_READY_WITHIN_MS = 5_000;
/** ... and 200 again this soon after it is back. */
const READY_AGAIN_WITHIN_MS = 30_000;
/** A request without an answer after this long counts as a hang. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Requests in flight during an outage must be answered within this (strong waits end at 5 s + 10 s). */
const OUTAGE_ANSWER_WITHIN_MS = 20_000;

const support = privatePostgresSupport();
if (!support.available) console.warn(`Database fault test skipped: ${support.reason}.`);

/**
 * The server serves again: the database answers and no projection or process manager is failing or
 * stopped. /ready may still say 503 because a runner is a few events behind the head: under steady
 * load it nearly always is (see the report), so a 200 alone would make this test depend on the load.
 */
const isServingAgain = (answer: ReadyAnswer): boolean =>
  answer.status === 200 || (answer.status === 503 && answer.waitingFor.length > 0 && answer.waitingFor.every((w) => / is at position \d+ of \d+$/.test(w)));

describe.skipIf(!support.available)('PostgreSQL restarts under load (private cluster)', () => {
  let cluster: PrivatePostgres | undefined;
  let server: FaultServerProcess | undefined;
  let load: RunningLoad | undefined;

  beforeAll(async () => {
    cluster = await PrivatePostgres.create({ settings: { max_connections: '60', ...settingsFromEnv('FAULT_PG_SETTINGS') } });
    server = await FaultServerProcess.start({
      databaseUrl: cluster.url,
      // The load comes from one address: keep the per-address limits out of the way.
      env: { ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS: '1000000', ESBANK_MAX_CONCURRENT_REQUESTS: '100000' },
      logFile: process.env.FAULT_SERVER_LOG || undefined,
    });
    await server.waitForReadyStatus(200, 30_000);
  }, 120_000);

  afterAll(async () => {
    await load?.stop();
    await server?.stop();
    await cluster?.destroy();
  }, 60_000);

  it(`restarts PostgreSQL ${RESTARTS} times under ${CLIENTS} clients: not ready while down, ready again by itself, nothing acknowledged lost`, async () => {
    if (!cluster || !server) throw new Error('The set-up did not finish.');
    const db = cluster;
    const api = server;
    const pid = api.pid;
    let phase = 'steady';
    progress(`private PostgreSQL (${support.available ? support.version : ''}) on port ${db.port}; server pid ${pid} on port ${api.port}`);
    const running = startLoad({ graphqlUrl: api.graphqlUrl, clients: CLIENTS, phase: () => phase, requestTimeoutMs: REQUEST_TIMEOUT_MS });
    load = running;
    const samples: ReadySample[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const sentIn = phase;
        samples.push({ phase: sentIn, at: performance.now(), answer: await api.ready() });
        await sleep(250);
      }
    })();
    await waitFor(() => running.records.filter((r) => r.outcome.endsWith('Success')).length >= CLIENTS * 4, 60_000, 'the load to get going');
    await sleep(STEADY_MS);

    const restarts: RestartFigures[] = [];
    for (let restart = 1; restart <= RESTARTS && !api.hasExited; restart += 1) {
      phase = `down ${restart}`;
      const downAt = performance.now();
      await db.stop(STOP_MODE);
      progress(`restart ${restart}: PostgreSQL stopped (pg_ctl stop -m ${STOP_MODE}) after ${running.records.length} requests`);
      const notReady = await api.waitForReadyStatus(503, NOT_READY_WITHIN_MS, 50).catch((error: unknown) => ({ ms: undefined, error }));
      const notReadyAfterMs = notReady.ms === undefined ? undefined : performance.now() - downAt;
      const readyWhileDown: number[] = [];
      while (performance.now() - downAt < DOWN_MS && !api.hasExited) {
        readyWhileDown.push((await api.ready()).status);
        await sleep(200);
      }
      const exitedWhileDown = api.hasExited;

      phase = `recovering ${restart}`;
      const upAt = performance.now();
      await db.start();
      const databaseStartMs = performance.now() - upAt;
      const serving = await api.waitForReady(isServingAgain, 'the database answers and no runner is failing', READY_AGAIN_WITHIN_MS).catch((error: unknown) => ({ ms: undefined, error }));
      const servingAgainAfterMs = serving.ms === undefined ? undefined : performance.now() - upAt;
      phase = `up ${restart}`;
      await sleep(STEADY_MS);
      const firstReady = samples.find((sample) => sample.at >= upAt && sample.answer.status === 200);
      const figures: RestartFigures = {
        restart,
        notReadyAfterMs,
        notReadyAnswer: 'answer' in notReady ? notReady.answer.body : String(notReady.error),
        readyWhileDown,
        exitedWhileDown,
        databaseStartMs,
        servingAgainAfterMs,
        servingAgainAnswer: 'answer' in serving ? serving.answer.body : String(serving.error),
        firstReadyAfterMs: firstReady ? firstReady.at - upAt : undefined,
        samePid: api.pid === pid && !api.hasExited,
      };
      restarts.push(figures);
      progress(
        `restart ${restart}: /ready 503 after ${ms(figures.notReadyAfterMs)}; database started in ${ms(databaseStartMs)}; ` +
          `serving again ${ms(servingAgainAfterMs)} after the start; first /ready 200 after ${ms(figures.firstReadyAfterMs)}`,
      );
    }
    sampling = false;
    await sampler;

    phase = 'stopping load';
    await running.stop();
    phase = 'after load';
    const records = running.records;
    const acknowledged = records.flatMap((r) => (r.acknowledged ? [r.acknowledged] : []));
    progress(`load stopped: ${records.length} requests, ${acknowledged.length} acknowledged changes; waiting for the sagas to end`);

    const url = db.url;
    const settled = await waitFor(
      async () => {
        const figures = await withConnection(url, storeFigures);
        return figures.withdrawalsUnfinished === 0 ? figures : undefined;
      },
      60_000,
      'every started withdrawal to end',
    );
    const readyAtEnd = await api.waitForReadyStatus(200, 30_000).catch((error: unknown) => ({ ms: undefined, error }));
    const audit = await withConnection(url, async (client) => ({
      lost: await findLostAcknowledgements(client, acknowledged),
      sagas: await findSagaAnomalies(client),
      log: await findLogAnomalies(client),
      balances: await findBalanceMismatches(client),
      listening: await countListeningSessions(client),
    }));

    const setup = `pg_ctl stop -m ${STOP_MODE}, down ${DOWN_MS} ms, ${CLIENTS} clients`;
    printRestartSummary({ setup, restarts, samples, records, acknowledged, store: settled, accounts: audit.balances.accounts, log: api.logLines() });
    expect(audit.listening, 'the server LISTENs for new events again').toBeGreaterThanOrEqual(1);

    expect(restarts, 'restarts done (the server must not exit)').toHaveLength(RESTARTS);
    for (const r of restarts) {
      expect(r.exitedWhileDown, `restart ${r.restart}: the server exited while the database was down: ${api.describeExit()}`).toBe(false);
      expect(r.notReadyAfterMs, `restart ${r.restart}: /ready did not say 503 within ${NOT_READY_WITHIN_MS} ms: ${r.notReadyAnswer}`).toBeDefined();
      expect(r.readyWhileDown.filter((status) => status !== 503), `restart ${r.restart}: /ready answers while down`).toEqual([]);
      expect(r.servingAgainAfterMs, `restart ${r.restart}: not serving again within ${READY_AGAIN_WITHIN_MS} ms: ${r.servingAgainAnswer}`).toBeDefined();
      expect(r.samePid, `restart ${r.restart}: the same server process serves after the restart`).toBe(true);
    }
    expect(readyAtEnd.ms, `/ready 200 once the load stopped: ${'error' in readyAtEnd ? String(readyAtEnd.error) : ''}`).toBeDefined();

    expect(audit.lost, 'acknowledged changes missing from the store').toEqual([]);
    expect(audit.sagas, 'withdrawal sagas that did not end exactly once').toEqual([]);
    expect(audit.log, 'duplicate event ids or position gaps').toEqual([]);
    expect(audit.balances.problems, 'balances that differ from their ledger or events').toEqual([]);

    const hung = records.filter((r) => r.outcome === 'Timeout' || r.outcome === 'NoAnswer');
    expect(hung.map(describeRecord), 'requests without an answer').toEqual([]);
    const slowDuringOutage = records.filter((r) => (r.sentIn.startsWith('down') || r.answeredIn.startsWith('down')) && r.ms > OUTAGE_ANSWER_WITHIN_MS);
    expect(slowDuringOutage.map(describeRecord), `outage requests answered after more than ${OUTAGE_ANSWER_WITHIN_MS} ms`).toEqual([]);
    // The load must meet the outage. Whether such a request fails depends on timing: one that finds no
    // query in flight waits for a connection and succeeds once PostgreSQL is back (CI saw all 283 succeed).
    expect(records.some((r) => r.sentIn.startsWith('down')), 'some requests were sent while PostgreSQL was down').toBe(true);
    expect(records.some((r) => r.sentIn === `up ${RESTARTS}` && r.outcome.endsWith('Success')), 'requests succeed after the last restart').toBe(true);
  }, 180_000);
});

function progress(message: string): void {
  console.log(`[database faults] ${message}`);
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}

/** Polls `check` until it returns something truthy; throws after `timeoutMs`, naming what it waited for. */
async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (performance.now() > deadline) throw new Error(`Gave up waiting for ${what} after ${timeoutMs} ms.`);
    await sleep(250);
  }
}
