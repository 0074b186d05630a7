/**
 * The crash-safety half of idempotent mutations: with an idempotency key, the bank service derives its
 * command ids and new ids from the key, so running the same call again (as a retry does after the
 * process died between storing the events and storing the key's result) appends nothing and answers
 * with the same ids. Then the whole path: the runner takes over a crashed request's key and answers
 * like the original, over the real application.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankOutcome } from '../../src/application/bank-service.ts';
import { createIdempotentRunner } from '../../src/application/idempotency.ts';
import { createPostgresIdempotencyStore } from '../../src/database/postgres-idempotency-store.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const PIN = '4831';

describe.each(testDatabaseKinds())('bank service with idempotency keys on %s', (kind) => {
  let app: TestApp;

  /** Calls `call` twice with the same key; returns both answers and how far the store's head moved on the second. */
  async function twice<Ids>(call: (key: string) => Promise<BankOutcome<Ids>>) {
    const key = `customer-1:${randomUUID()}`;
    const first = await call(key);
    await app.waitUntilProcessed(await app.eventStore.headPosition());
    const headBefore = await app.eventStore.headPosition();
    const second = await call(key);
    await app.waitUntilProcessed(await app.eventStore.headPosition());
    return { first, second, appended: (await app.eventStore.headPosition()) - headBefore };
  }

  async function openedAccount(balance = 0): Promise<string> {
    const opened = await app.bankService.openAccount({ owner: 'Ann', pin: PIN });
    if (opened.kind !== 'accepted') throw new Error(`open failed: ${JSON.stringify(opened)}`);
    if (balance > 0) await app.bankService.deposit({ accountId: opened.accountId, amount: balance });
    return opened.accountId;
  }

  beforeAll(async () => {
    app = await openTestApp(kind);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens one account for a key: the re-run names the same account and appends nothing', async () => {
    const { first, second, appended } = await twice((idempotencyKey) => app.bankService.openAccount({ owner: 'Bea', pin: PIN }, { idempotencyKey }));

    expect(first).toMatchObject({ kind: 'accepted' });
    expect(second).toEqual(first);
    expect(appended).toBe(0);
    if (first.kind !== 'accepted') throw new Error('unreachable');
    expect(await app.readModels.findAccount(first.accountId)).toMatchObject({ owner: 'Bea', balance: 0 });
  });

  it('gives different keys different accounts', async () => {
    const a = await app.bankService.openAccount({ owner: 'Cy', pin: PIN }, { idempotencyKey: `k:${randomUUID()}` });
    const b = await app.bankService.openAccount({ owner: 'Cy', pin: PIN }, { idempotencyKey: `k:${randomUUID()}` });
    expect(a.kind === 'accepted' && b.kind === 'accepted' && a.accountId !== b.accountId).toBe(true);
  });

  it('deposits once for a key', async () => {
    const accountId = await openedAccount();
    const { first, second, appended } = await twice((idempotencyKey) => app.bankService.deposit({ accountId, amount: 2_500 }, { idempotencyKey }));

    expect(first).toMatchObject({ kind: 'accepted', accountId });
    expect(second).toEqual(first);
    expect(appended).toBe(0);
    expect(await app.readModels.findAccount(accountId)).toMatchObject({ balance: 2_500 });
  });

  it('registers one ATM for a key', async () => {
    const { first, second, appended } = await twice((idempotencyKey) => app.bankService.registerAtm({ initialCash: 10_000 }, { idempotencyKey }));
    expect(first).toMatchObject({ kind: 'accepted' });
    expect(second).toEqual(first);
    expect(appended).toBe(0);
  });

  it('withdraws once at the ATM for a key: the same operation id, nothing appended by the re-run', async () => {
    const accountId = await openedAccount(10_000);
    const { first, second, appended } = await twice((idempotencyKey) =>
      app.bankService.initiateWithdrawal({ accountId, pin: PIN, amount: 4_000 }, { idempotencyKey }),
    );

    expect(first).toMatchObject({ kind: 'accepted', accountId, status: 'COMPLETED' });
    expect(second).toEqual(first);
    expect(appended).toBe(0);
    expect(await app.readModels.findAccount(accountId)).toMatchObject({ balance: 6_000 });
  });

  it('answers a retry after a crash like the original: the runner takes over the lease, the bank service appends nothing', async () => {
    const accountId = await openedAccount();
    const store = createPostgresIdempotencyStore(app.database);
    let now = Date.now();
    const runner = createIdempotentRunner({ store, digestSecret: 'bank-service-idempotency-test-secret', clock: () => new Date(now) });
    const request = { scope: 'customer-1', key: 'deposit-after-crash', operation: 'deposit', input: { accountId, amount: 700 } };
    const deposit = (idempotencyKey: string) => app.bankService.deposit({ accountId, amount: 700 }, { idempotencyKey });

    let original: BankOutcome<{ readonly accountId: string }> | undefined;
    // The process that dies: it deposits, then never stores the key's result.
    void runner.run(request, async ({ idempotencyKey }) => {
      original = await deposit(idempotencyKey);
      return new Promise<never>(() => {});
    });
    await expect.poll(() => original).toBeDefined();
    await app.waitUntilProcessed(await app.eventStore.headPosition());
    const headBefore = await app.eventStore.headPosition();

    now += 60_000;
    const retry = await runner.run(request, async ({ idempotencyKey }) => ({ result: await deposit(idempotencyKey), keep: true }));
    const replay = await runner.run(request, () => Promise.reject(new Error('a replay executes nothing')));

    expect(retry).toEqual({ kind: 'executed', result: original });
    expect(replay).toEqual({ kind: 'replayed', result: original });
    expect(await app.eventStore.headPosition()).toBe(headBefore);
    expect(await app.readModels.findAccount(accountId)).toMatchObject({ balance: 700 });
  });
});
