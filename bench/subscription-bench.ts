/**
 * The `subscriptions` section of `npm run bench`: live delivery of the `events` subscription over SSE
 * from the real server (`node src/main.ts` on a fresh PostgreSQL database, bench-server.ts) to many
 * subscribers at once, each a real HTTP connection from this process.
 *
 * 1. Accounts are opened, then one subscriber follows the log while deposits are appended at a steady
 *    rate: the baseline.
 * 2. The server's memory is read with no subscriber; then every subscriber connects, and once all of
 *    them received a warm-up event and stood idle for a moment, it is read again.
 * 3. The same deposits at the same rate, to every subscriber at once.
 *
 * Deposits are appended through EsBank's event store in this process (subscription-appender.ts), not
 * through the server's GraphQL API, so the server's work is the subscription path alone. Latency and
 * CPU are measured as subscription-phase.ts describes; subscribers as subscription-clients.ts does.
 *
 * Settings (environment): BENCH_QUICK=1 or --quick (100 subscribers, 3 s of appends), BENCH_SECONDS
 * (appending lasts 7 × BENCH_SECONDS, quick 3 ×: 21 s and 3 s by default), BENCH_SUBSCRIBERS (default
 * 1 000, quick 100), BENCH_EVENTS_PER_SECOND (default 200), DATABASE_URL (the PostgreSQL server the
 * database is created on). One measured run per phase: BENCH_RUNS does not apply.
 */
import http from 'node:http';
import { type DatabaseConnection, openDatabaseConnection } from '../src/database/database-connection.ts';
import { createPostgresEventStore } from '../src/event-store/postgres/postgres-event-store.ts';
import { OPERATOR_AUTHORIZATION } from '../test/support/test-auth.ts';
import { type Aim, benchSettings, loadAverage, writeSection } from './bench-results.ts';
import { type BenchServer, startBenchServer } from './bench-server.ts';
import { formatRate, progress } from './bench-support.ts';
import { createDepositAppender, type DepositAppender } from './subscription-appender.ts';
import { connectSubscribers, type SseSubscriber, type SubscriberConnection, waitUntilAllReceived } from './subscription-clients.ts';
import { residentKiB, runPhase } from './subscription-phase.ts';
import { subscriptionMarkdown, type SubscriptionFigures } from './subscription-report.ts';

const settings = benchSettings();
const subscriberCount = Number(process.env.BENCH_SUBSCRIBERS ?? (settings.quick ? 100 : 1_000));
const eventsPerSecond = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 200);
const appendSeconds = settings.seconds * (settings.quick ? 3 : 7);
const events = Math.round(eventsPerSecond * appendSeconds);
/** Accounts the deposits go to in turn. */
const ACCOUNTS = 32;
/** Subscribers connecting at once. */
const CONNECT_CONCURRENCY = 50;
/** Idle time before reading the server's memory, so collections triggered by the connecting settle. */
const SETTLE_MS = 2_000;
const DRAIN_TIMEOUT_MS = Math.max(10_000, appendSeconds * 1_000);
/** Let 1 000 subscribers from 127.0.0.1 in: the defaults are 200 requests a second per address and 1 000 at once. */
const SERVER_ENV = { ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS: '1000000', ESBANK_MAX_CONCURRENT_REQUESTS: '100000' };

const AIM_P99_MS = 100;

async function main(): Promise<number> {
  progress(`subscriptions: starting the server on a fresh database (${formatRate(subscriberCount)} subscribers, ${eventsPerSecond} events/s for ${appendSeconds} s)`);
  const loadAtStart = loadAverage();
  const bench: BenchServer = await startBenchServer({ env: SERVER_ENV });
  const agent = new http.Agent({ keepAlive: false });
  let connection: DatabaseConnection | undefined;
  const open: SseSubscriber[] = [];
  try {
    const serverPid = bench.server.pid;
    if (serverPid === undefined) throw new Error('The server process has no pid.');
    connection = await openDatabaseConnection({ kind: 'postgres', url: bench.databaseUrl, poolSize: 8 });
    const store = createPostgresEventStore(connection);
    progress(`subscriptions: opening ${ACCOUNTS} accounts`);
    const appender = await createDepositAppender(store, ACCOUNTS);
    const target: SubscriberConnection = { url: bench.server.url, authorization: OPERATOR_AUTHORIZATION, agent };
    const phase = async (label: string, subscribers: readonly SseSubscriber[]) =>
      runPhase({ label, subscribers, appender, headBefore: await store.headPosition(), events, eventsPerSecond, drainTimeoutMs: DRAIN_TIMEOUT_MS, serverPid });

    progress('subscriptions: baseline, 1 subscriber');
    const single = await connectSubscribers(target, 1, await store.headPosition(), 1, () => undefined);
    open.push(...single);
    await warmUp(appender, single);
    const baseline = await phase('1 subscriber', single);
    closeAll(open);

    await pause(SETTLE_MS);
    const idleKiB = residentKiB(serverPid);
    const after = await store.headPosition();
    const step = Math.max(1, Math.round(subscriberCount / 10));
    let reported = 0;
    const many = await connectSubscribers(target, subscriberCount, after, CONNECT_CONCURRENCY, (connected) => {
      if (connected - reported < step && connected < subscriberCount) return;
      reported = connected;
      progress(`subscriptions: ${formatRate(connected)} of ${formatRate(subscriberCount)} subscribers connected`);
    });
    open.push(...many);
    await warmUp(appender, many);
    await pause(SETTLE_MS);
    const connectedKiB = residentKiB(serverPid);
    const loaded = await phase(`${formatRate(subscriberCount)} subscribers`, many);
    closeAll(open);

    const figures: SubscriptionFigures = {
      subscribers: subscriberCount,
      eventsPerSecond,
      appendSeconds,
      accounts: ACCOUNTS,
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
      baseline,
      loaded,
      memory: { idleKiB, connectedKiB, perSubscriberKiB: (connectedKiB - idleKiB) / subscriberCount },
      serverEnvironment: SERVER_ENV,
      serverLogCounts: Object.fromEntries(bench.server.logLevelCounts()),
      loadAverage: { start: loadAtStart, end: loadAverage() },
    };
    const aims: Aim[] = [
      {
        aim: `subscription delivery p99 under ${AIM_P99_MS} ms to ${formatRate(subscriberCount)} subscribers at ${eventsPerSecond} events/s`,
        measured: loaded.deliveryMs.p99,
        target: AIM_P99_MS,
        direction: 'below',
        unit: 'ms',
      },
    ];
    writeSection(settings, { id: 'subscriptions', title: 'Live subscriptions over SSE', markdown: subscriptionMarkdown(figures, settings.quick), aims, data: figures });
    const failures = [baseline, loaded].flatMap((result) => [
      ...(result.lost > 0 ? [`${formatRate(result.lost)} of ${formatRate(result.expectedDeliveries)} deliveries to ${result.subscribers} subscriber(s) lost (a gap, or a stalled subscriber)`] : []),
      ...(result.outOfOrder > 0 ? [`${result.outOfOrder} events out of order`] : []),
      ...result.errors.slice(0, 5),
    ]);
    for (const failure of failures) process.stderr.write(`subscriptions: FAILED: ${failure}\n`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    closeAll(open);
    agent.destroy();
    await connection?.close().catch(() => undefined);
    await bench.close();
  }
}

/** Appends one deposit and waits until every subscriber has it: the subscriptions are live. */
async function warmUp(appender: DepositAppender, subscribers: readonly SseSubscriber[]): Promise<void> {
  const { position } = await appender.appendOne();
  if (!(await waitUntilAllReceived(subscribers, position, 30_000))) {
    const behind = subscribers.filter((s) => s.lastPosition < position);
    throw new Error(`${behind.length} of ${subscribers.length} subscribers did not receive the warm-up event within 30 s: ${behind.flatMap((s) => s.errors).slice(0, 3).join('; ')}`);
  }
}

function closeAll(subscribers: SseSubscriber[]): void {
  for (const subscriber of subscribers.splice(0)) subscriber.close();
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`subscriptions: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
