/**
 * Load: many concurrent clients (LOAD_CLIENTS, default 50) for a while (LOAD_SECONDS, default 30),
 * over real HTTP, opening accounts, depositing, withdrawing and depositing at ATMs with the PIN,
 * reading, and holding subscriptions (SSE and graphql-ws). Afterwards every invariant of
 * test/support/bank-invariants.ts holds, and no client saw a 5xx, a GraphQL error or another outcome
 * it should never see. A STRONG request may answer ConsistencyTimeoutError (its change is stored, its
 * saga or read models were slower than the wait): that is counted and shown, not a failure. Prints
 * requests/s and p50/p95/p99 latency per operation, ATM saga durations, how often /ready answered 200
 * during the load, and writes the same figures to test/load/results/last-run.json.
 *
 * - PostgreSQL (DATABASE_URL set): the real server `node src/main.ts` in its own process, at full size.
 * - PGlite: two processes cannot share an embedded database, so the server runs in this process
 *   (graphql-http-server.ts) at a smaller size (LOAD_PGLITE_CLIENTS, default 10; LOAD_PGLITE_SECONDS,
 *   default 5): it checks the same invariants on PostgreSQL 18, but its latencies include the clients'.
 *
 * Other knobs: LOAD_SEED (the clients' random choices; printed), LOAD_SUBSCRIBER_EVERY (every n-th
 * client holds a subscription, default 5), LOAD_SHARED_ACCOUNTS (accounts every client uses, default
 * 5), LOAD_THINK_MS (a random pause up to this between a client's requests, default 0),
 * LOAD_SERVER_CPU_PROFILE (a folder: the server process writes a V8 CPU profile there when it stops),
 * LOAD_SERVER_ENV (`NAME=value,NAME=value`: more environment for the server process, e.g. to put a
 * limit back to its default), LOAD_IDEMPOTENCY_KEYS=1 (send an idempotency key with every mutation).
 *
 * Run alone: `npm run test:load` (vitest run test/load).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import type { LoadReport } from '../support/load-report.ts';
import { describeExit, ServerProcess } from '../support/server-process.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { type LoadOutcome, progress, runLoadScenario } from './load-scenario.ts';

const numberFromEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return process.env[name] && Number.isFinite(value) && value >= 0 ? value : fallback;
};

const SEED = numberFromEnv('LOAD_SEED', Math.floor(Math.random() * 1_000_000));
const SUBSCRIBER_EVERY = numberFromEnv('LOAD_SUBSCRIBER_EVERY', 5);
const SHARED_ACCOUNTS = Math.max(1, numberFromEnv('LOAD_SHARED_ACCOUNTS', 5));
const THINK_MS = numberFromEnv('LOAD_THINK_MS', 0);
const IDEMPOTENCY_KEYS = /^(1|true|on|yes)$/i.test(process.env.LOAD_IDEMPOTENCY_KEYS ?? '');
const POSTGRES = { clients: numberFromEnv('LOAD_CLIENTS', 50), seconds: numberFromEnv('LOAD_SECONDS', 30) };
const PGLITE = { clients: numberFromEnv('LOAD_PGLITE_CLIENTS', 10), seconds: numberFromEnv('LOAD_PGLITE_SECONDS', 5) };
const RESULTS_FILE = new URL('./results/last-run.json', import.meta.url);

const reports: LoadReport[] = [];

/** `A=1,B=2` → { A: '1', B: '2' }. */
function serverEnvFromVariable(value: string | undefined): Record<string, string> {
  const pairs = (value ?? '').split(',').map((pair) => pair.trim()).filter((pair) => pair.includes('='));
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

afterAll(async () => {
  if (reports.length === 0) return;
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify({ writtenAt: new Date().toISOString(), runs: reports }, null, 2)}\n`);
  progress(`load figures written to ${RESULTS_FILE.pathname}`);
});

function assertClean(outcome: LoadOutcome): void {
  reports.push(outcome.report);
  console.log(outcome.text);
  expect(outcome.report.problems.first, `clients saw ${outcome.report.problems.count} outcomes they should never see`).toEqual([]);
  expect(outcome.invariants.ok, 'an invariant failed: see the report above').toBe(true);
}

if (!process.env.DATABASE_URL) {
  console.warn('Load test, PostgreSQL leg skipped: DATABASE_URL is not set (the server runs in its own process, which needs a PostgreSQL server).');
}

describe.skipIf(!process.env.DATABASE_URL)('load over HTTP: the real server on PostgreSQL', () => {
  let database: TestDatabase;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    const profileDir = process.env.LOAD_SERVER_CPU_PROFILE;
    server = await ServerProcess.start({
      databaseUrl: database.url ?? '',
      env: serverEnvFromVariable(process.env.LOAD_SERVER_ENV),
      nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    });
    await server.waitReady();
  });
  afterAll(async () => {
    await server?.kill();
    await database?.close();
  });

  it(
    `${POSTGRES.clients} clients for ${POSTGRES.seconds} s keep every invariant`,
    async () => {
      const current = server as ServerProcess;
      const outcome = await runLoadScenario({
        leg: 'PostgreSQL, server process',
        target: { url: () => current.url, healthUrl: () => `${current.baseUrl}/health`, authorization: OPERATOR_AUTHORIZATION },
        db: database.db,
        ...POSTGRES,
        seed: SEED,
        subscriberEvery: SUBSCRIBER_EVERY,
        sharedAccounts: SHARED_ACCOUNTS,
        thinkMs: THINK_MS,
        idempotencyKeys: IDEMPOTENCY_KEYS,
        caughtUp: () => current.isCaughtUp(),
        readyUrl: `${current.baseUrl}/ready`,
        extra: () => ({
          'server log lines by level': Object.fromEntries(current.logLevelCounts()),
          'server warnings and errors': Object.fromEntries(current.logMessageCounts()),
        }),
      });
      const exit = await current.stop();
      const errorLines = current.outputLines().filter((line) => line.includes('"level":"error"'));
      assertClean(outcome);
      expect(errorLines.slice(0, 10), 'the server logged errors under load').toEqual([]);
      expect(describeExit(exit), 'the server stops cleanly on SIGTERM after the load').toBe('code 0');
    },
    POSTGRES.seconds * 1000 + 240_000,
  );
});

describe('load over HTTP: an in-process server on PGlite (smaller)', () => {
  let api: GraphQLHttpServer;

  beforeAll(async () => {
    api = await startGraphQLHttpServer('pglite');
  });
  afterAll(async () => {
    await api?.close();
  });

  it(
    `${PGLITE.clients} clients for ${PGLITE.seconds} s keep every invariant`,
    async () => {
      const base = api.url.replace(/\/graphql$/, '');
      const outcome = await runLoadScenario({
        leg: 'PGlite, in-process server',
        target: { url: () => api.url, healthUrl: () => `${base}/health`, authorization: OPERATOR_AUTHORIZATION },
        db: api.app.database.db,
        ...PGLITE,
        seed: SEED,
        subscriberEvery: SUBSCRIBER_EVERY,
        sharedAccounts: SHARED_ACCOUNTS,
        thinkMs: THINK_MS,
        idempotencyKeys: IDEMPOTENCY_KEYS,
        caughtUp: async () => (await api.app.readiness()).caughtUp,
        readyUrl: `${base}/ready`,
      });
      assertClean(outcome);
    },
    PGLITE.seconds * 1000 + 180_000,
  );
});
