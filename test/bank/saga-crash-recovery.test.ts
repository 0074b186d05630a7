/**
 * The sagas survive SIGKILL. A server process (`node src/main.ts`) runs the projections and the ATM
 * process managers; this test process only starts withdrawals (PIN step, eventual consistency) on the
 * same PostgreSQL database. Whenever the store shows the saga reaching a chosen step, the server is
 * killed with SIGKILL and started again. In the end every withdrawal has ended exactly once, money is
 * conserved, and the read models agree with the events.
 *
 * PostgreSQL only: two processes cannot share one embedded PGlite database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_ATM_ID, DEFAULT_ATM_INITIAL_CASH } from '../../src/domain/teller/teller-decider.ts';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

const WITHDRAWALS = 24;
const AMOUNT = 1_000;
/** Kill the server when the n-th event of this type is stored, then restart it. */
const KILL_POINTS: readonly [string, number][] = [
  ['Tellers.WithdrawalInitiated', 3],
  ['Accounts.MoneyWithdrawn', 6],
  ['Tellers.MoneyWithdrawn', 9],
  ['Tellers.WithdrawalInitiated', 14],
  ['Accounts.MoneyWithdrawn', 18],
];

if (!process.env.DATABASE_URL) {
  console.warn('Saga crash test skipped: it needs DATABASE_URL (two processes cannot share the embedded PGlite database).');
}

describe.skipIf(!process.env.DATABASE_URL)('ATM sagas under SIGKILL (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: App;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    database = await openTestDatabase('postgres', { migrate: false });
    const config = loadConfig({ DATABASE_URL: database.url, NODE_ENV: 'test' });
    app = await createApp(config, { logger: createJsonLinesLogger({ stdout: { write: () => true } }), database, runBackgroundWork: false });
  });
  afterAll(async () => {
    server?.kill();
    await app?.stop();
    await database?.close();
  });

  it('completes every withdrawal exactly once across repeated SIGKILLs of the saga process', async () => {
    const opened = await app.bankService.openAccount({ owner: 'Crash Test', pin: '5731' }, { consistency: 'eventual' });
    if (opened.kind !== 'accepted') throw new Error(`open failed: ${JSON.stringify(opened)}`);
    const { accountId } = opened;
    // Enough for all but four withdrawals: some sagas must take the declined path too.
    const deposited = (WITHDRAWALS - 4) * AMOUNT;
    expect((await app.bankService.deposit({ accountId, amount: deposited }, { consistency: 'eventual' })).kind).toBe('accepted');

    server = await ServerProcess.start(database.url ?? '');
    const kills = watchAndKill(app, () => server, async () => {
      server = await ServerProcess.start(database.url ?? '');
    });

    const started = await Promise.all(
      Array.from({ length: WITHDRAWALS }, () => app.atmService.initiateWithdrawal({ accountId, pin: '5731', amount: AMOUNT }, { consistency: 'eventual' })),
    );
    const ids = started.map((s) => (s.kind === 'started' ? s.operationId : `not started: ${JSON.stringify(s)}`));
    expect(started.every((s) => s.kind === 'started')).toBe(true);

    const ends = await waitForEnds(app, ids, 120_000);
    const killCount = await kills.stop();
    expect(killCount).toBe(KILL_POINTS.length);
    await server.waitUntilReady();

    const events = await readAll(app);
    const completed = ids.filter((id) => ends.get(id) === 'Tellers.MoneyWithdrawn');
    const declined = ids.filter((id) => ends.get(id) === 'Tellers.WithdrawalDeclined');
    expect(completed.length + declined.length).toBe(WITHDRAWALS);
    expect(completed.length).toBe(WITHDRAWALS - 4);
    for (const type of ['Tellers.WithdrawalInitiated', 'Accounts.MoneyWithdrawn', 'Tellers.MoneyWithdrawn', 'Tellers.WithdrawalDeclined']) {
      const perWithdrawal = events.filter((e) => e.eventType === type).map((e) => String(e.data.withdrawalId));
      expect(new Set(perWithdrawal).size, `${type} appears once per withdrawal`).toBe(perWithdrawal.length);
    }
    const debits = events.filter((e) => e.eventType === 'Accounts.MoneyWithdrawn');
    const refunds = events.filter((e) => e.eventType === 'Accounts.WithdrawalRefunded');
    expect(debits.length - refunds.length).toBe(completed.length);

    const head = await app.eventStore.headPosition();
    await server.waitUntilProcessed(app, head);
    const account = await app.readModels.findAccount(accountId);
    expect(account?.balance).toBe(deposited - completed.length * AMOUNT);
    const ledger = (await app.readModels.listTransactionsForAccounts([accountId], { first: 100 }))[0]?.nodes ?? [];
    const ledgerSum = ledger.reduce((sum, t) => sum + (t.kind === 'WITHDRAWAL' ? -t.amount : t.amount), 0);
    expect(ledgerSum).toBe(account?.balance);
    expect((await app.readModels.findAtm(DEFAULT_ATM_ID))?.cash).toBe(DEFAULT_ATM_INITIAL_CASH - completed.length * AMOUNT);
  });
});

/** Kills the server each time the store reaches the next kill point; returns how many kills happened. */
function watchAndKill(app: App, current: () => ServerProcess | undefined, restart: () => Promise<void>): { stop(): Promise<number> } {
  const subscription = app.eventStore.subscribeToAll({ fromPosition: 0 });
  let kills = 0;
  const seen = new Map<string, number>();
  const done = (async () => {
    for await (const event of subscription) {
      seen.set(event.eventType, (seen.get(event.eventType) ?? 0) + 1);
      const point = KILL_POINTS[kills];
      if (point && point[0] === event.eventType && (seen.get(event.eventType) ?? 0) >= point[1]) {
        kills += 1;
        await current()?.killHard();
        await restart();
      }
    }
  })();
  return {
    async stop() {
      await subscription.stop();
      await done;
      return kills;
    },
  };
}

async function waitForEnds(app: App, ids: readonly string[], timeoutMs: number): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const ends = new Map<string, string>();
  const subscription = app.eventStore.subscribeToAll({
    fromPosition: 0,
    filter: { eventTypePrefixes: ['Tellers.MoneyWithdrawn', 'Tellers.WithdrawalDeclined'] },
    signal: AbortSignal.timeout(timeoutMs),
  });
  for await (const event of subscription) {
    const id = String(event.data.withdrawalId);
    if (wanted.has(id)) ends.set(id, event.eventType);
    if (ends.size === wanted.size) break;
  }
  await subscription.stop();
  if (ends.size !== wanted.size) throw new Error(`Only ${ends.size} of ${wanted.size} withdrawals ended within ${timeoutMs} ms.`);
  return ends;
}

async function readAll(app: App): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let page = await app.eventStore.readAll({ limit: 1000 }); page.length > 0; page = await app.eventStore.readAll({ fromPosition: page.at(-1)?.position, limit: 1000 })) {
    events.push(...page);
  }
  return events;
}

/** `node src/main.ts` on the test database, on a free port. */
class ServerProcess {
  readonly #child: ChildProcess;
  readonly #port: number;

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.#port = port;
  }

  static async start(databaseUrl: string): Promise<ServerProcess> {
    const child = spawn(process.execPath, ['src/main.ts'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const port = await new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /serving on http:\/\/localhost:(\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`The server exited (${code}) before serving:\n${output}`)));
    });
    child.stdout?.resume();
    child.stderr?.resume();
    return new ServerProcess(child, port);
  }

  async killHard(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.kill('SIGKILL');
    await exited;
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }

  async waitUntilReady(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const response = await fetch(`http://localhost:${this.#port}/ready`).catch(() => undefined);
      if (response?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('The server did not become ready.');
  }

  /** Ready means every runner reached the head it saw; wait until that head covers `position`. */
  async waitUntilProcessed(app: App, position: number): Promise<void> {
    await this.waitUntilReady();
    if ((await app.eventStore.headPosition()) < position) throw new Error('The store lost events.');
  }
}
