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

const AMOUNT = 1_000;
/**
 * One wave of withdrawals per kill point: the server is killed as soon as the store shows one of the
 * wave's withdrawals reaching that step, then started again, before the next wave begins.
 */
const KILL_POINTS: readonly string[] = [
  'Tellers.WithdrawalInitiated',
  'Accounts.MoneyWithdrawn',
  'Tellers.MoneyWithdrawn',
  'Tellers.WithdrawalInitiated',
  'Accounts.MoneyWithdrawn',
];
const WAVE = 5;
const WITHDRAWALS = KILL_POINTS.length * WAVE;

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
    // Enough for all but three withdrawals (the first four waves are always covered): some sagas must
    // take the declined path too.
    const deposited = (WITHDRAWALS - 3) * AMOUNT;
    expect((await app.bankService.deposit({ accountId, amount: deposited }, { consistency: 'eventual' })).kind).toBe('accepted');

    server = await ServerProcess.start(database.url ?? '');
    const ids: string[] = [];
    for (const step of KILL_POINTS) {
      const from = await app.eventStore.headPosition();
      const wave = await Promise.all(
        Array.from({ length: WAVE }, () => app.atmService.initiateWithdrawal({ accountId, pin: '5731', amount: AMOUNT }, { consistency: 'eventual' })),
      );
      const waveIds = wave.map((s) => (s.kind === 'started' ? s.operationId : `not started: ${JSON.stringify(s)}`));
      expect(wave.every((s) => s.kind === 'started')).toBe(true);
      ids.push(...waveIds);
      await waitForStep(app, from, step, waveIds);
      await server.killHard();
      server = await ServerProcess.start(database.url ?? '');
    }

    const ends = await waitForEnds(app, ids, 120_000);
    await server.waitUntilReady();

    const events = await readAll(app);
    const completed = ids.filter((id) => ends.get(id) === 'Tellers.MoneyWithdrawn');
    const declined = ids.filter((id) => ends.get(id) === 'Tellers.WithdrawalDeclined');
    expect(completed.length + declined.length).toBe(WITHDRAWALS);
    expect(completed.length).toBe(WITHDRAWALS - 3);
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

/** Resolves once the store holds an event of `type` for one of `withdrawalIds`, after `from`. */
async function waitForStep(app: App, from: number, type: string, withdrawalIds: readonly string[]): Promise<void> {
  const wanted = new Set(withdrawalIds);
  const subscription = app.eventStore.subscribeToAll({ fromPosition: from, filter: { eventTypePrefixes: [type] }, signal: AbortSignal.timeout(60_000) });
  for await (const event of subscription) {
    if (wanted.has(String(event.data.withdrawalId))) return subscription.stop();
  }
  throw new Error(`No ${type} for the wave within 60 s.`);
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
