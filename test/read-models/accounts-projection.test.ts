/**
 * The accounts projection on real databases: recorded account events (written through the real store
 * in the deciders' shapes, read back upcast) become exact rows in `accounts` and `account_transactions`;
 * delivering them again changes nothing; one batch writes the same rows as one event at a time; historical shapes are read upcast; no column holds a PIN
 * hash; and every balance equals the sum of its ledger.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountStreamId } from '../../src/domain/ids.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import { pinHash } from '../support/bank-history-writer.ts';
import { openReadModelHarness, type ReadModelHarness } from '../support/read-model-harness.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

describe.each(testDatabaseKinds())('accounts projection on %s', (kind) => {
  let h: ReadModelHarness;

  beforeAll(async () => {
    h = await openReadModelHarness(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  const accountRow = (accountId: string) => h.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  const ledgerRows = (accountId: string) =>
    h.db.selectFrom('account_transactions').selectAll().where('account_id', '=', accountId).orderBy('position').execute();

  it('turns an account history into exact rows', async () => {
    const atmId = await h.writer.registerAtm(100_000);
    const accountId = await h.writer.openAccount('Ada Lovelace');
    await h.writer.deposit(accountId, 10_000);
    await h.writer.withdraw(accountId, 2_500);
    const withdrawalId = await h.writer.atmWithdrawal(accountId, atmId, 2_000, 'refunded');
    await h.writer.lock(accountId);
    await h.writer.unlock(accountId);
    await h.writer.close(accountId);
    await h.catchUp('accounts');

    const stream = await h.eventStore.readStream(accountStreamId(accountId));
    expect(stream.map((e) => e.eventType)).toEqual([
      'Accounts.AccountOpened',
      'Accounts.MoneyDeposited',
      'Accounts.MoneyWithdrawn',
      'Accounts.AuthorizationConfirmed',
      'Accounts.MoneyWithdrawn',
      'Accounts.WithdrawalRefunded',
      'Accounts.AccountLocked',
      'Accounts.AccountUnlocked',
      'Accounts.AccountClosed',
    ]);
    const at = (index: number, field: string) => new Date(String(stream[index]!.data[field]));
    expect(await accountRow(accountId)).toEqual({
      id: accountId,
      owner: 'Ada Lovelace',
      balance: 7_500,
      status: 'CLOSED',
      opened_at: at(0, 'openedAt'),
      updated_at: at(8, 'closedAt'),
      version: 9,
      position: stream[8]!.position,
    });
    const movement = (index: number, kind: string, amount: number, balanceAfter: number, field: string, atm: string | null, operation: string | null) => ({
      event_id: stream[index]!.eventId,
      account_id: accountId,
      kind,
      amount,
      balance_after: balanceAfter,
      atm_id: atm,
      operation_id: operation,
      position: stream[index]!.position,
      occurred_at: at(index, field),
    });
    expect(await ledgerRows(accountId)).toEqual([
      movement(1, 'DEPOSIT', 10_000, 10_000, 'depositedAt', null, null),
      movement(2, 'WITHDRAWAL', 2_500, 7_500, 'withdrawnAt', null, null),
      movement(4, 'WITHDRAWAL', 2_000, 5_500, 'withdrawnAt', atmId, withdrawalId),
      movement(5, 'REFUND', 2_000, 7_500, 'refundedAt', atmId, withdrawalId),
    ]);
  });

  it('keeps status and version in step with the stream: locked, then open again', async () => {
    const accountId = await h.writer.openAccount();
    await h.writer.lock(accountId);
    await h.catchUp('accounts');
    expect(await accountRow(accountId)).toMatchObject({ status: 'LOCKED', version: 2, balance: 0 });
    await h.writer.unlock(accountId);
    await h.catchUp('accounts');
    expect(await accountRow(accountId)).toMatchObject({ status: 'OPEN', version: 3 });
  });

  it('changes nothing when the same events are delivered again, in one batch or one by one', async () => {
    await h.catchUp('accounts');
    const before = await h.snapshot();
    const events = await h.readAllEvents();
    await h.deliver('accounts', events);
    for (const event of events.slice(-5)) await h.deliver('accounts', [event]);
    expect(await h.snapshot()).toEqual(before);
  });

  it('reads historical event shapes upcast: AccountOpened v1 and AccountCredited', async () => {
    const accountId = randomUUID();
    const rawStore = createPostgresEventStore(h.database);
    const written = await rawStore.append(
      accountStreamId(accountId),
      [
        { eventId: randomUUID(), eventType: 'Accounts.AccountOpened', schemaVersion: 1, data: { accountId, ownerName: 'Grace Hopper', pinHash, openedAt: '2020-01-02T03:04:05.000Z' } },
        { eventId: randomUUID(), eventType: 'Accounts.AccountCredited', schemaVersion: 1, data: { accountId, amount: 1_234, balance: 1_234 } },
      ],
      'no_stream',
    );
    await rawStore.close();
    await h.catchUp('accounts');
    expect(await accountRow(accountId)).toMatchObject({ owner: 'Grace Hopper', balance: 1_234, version: 2, opened_at: new Date('2020-01-02T03:04:05.000Z') });
    const credited = written.events[1]!;
    expect(await ledgerRows(accountId)).toEqual([
      expect.objectContaining({ event_id: credited.eventId, kind: 'DEPOSIT', amount: 1_234, balance_after: 1_234, occurred_at: new Date(credited.createdAt.toISOString()) }),
    ]);
  });

  it('keeps no PIN hash in any column', async () => {
    await h.catchUp();
    const snapshot = await h.snapshot();
    expect(snapshot.accounts.length).toBeGreaterThan(0);
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(pinHash);
    expect(text).not.toContain('scrypt$');
    const { rows } = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = 'public' and table_name in ('accounts', 'account_transactions', 'atms', 'withdrawals', 'deposits')`.execute(h.db);
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.filter((c) => /pin/i.test(c.column_name))).toEqual([]);
  });

  it('keeps every balance equal to the sum of its ledger and to the history', async () => {
    for (let i = 0; i < 6; i += 1) {
      const atmId = await h.writer.registerAtm(50_000);
      const accountId = await h.writer.openAccount();
      await h.writer.deposit(accountId, 5_000 + i);
      await h.writer.atmWithdrawal(accountId, atmId, 1_000, i % 2 === 0 ? 'completed' : 'refunded');
      await h.writer.atmDeposit(accountId, atmId, 700, i % 3 === 0 ? 'declined' : 'completed');
      await h.writer.withdraw(accountId, 300);
    }
    await h.catchUp('accounts');
    const rows = await h.db
      .selectFrom('accounts as a')
      .leftJoin('account_transactions as t', 't.account_id', 'a.id')
      .select((eb) => [
        'a.id',
        'a.balance',
        eb.fn
          .coalesce(eb.fn.sum(eb.case().when('t.kind', '=', 'WITHDRAWAL').then(eb.neg('t.amount')).else(eb.ref('t.amount')).end()), eb.lit(0))
          .as('ledger'),
      ])
      .groupBy(['a.id', 'a.balance'])
      .execute();
    expect(rows.length).toBeGreaterThan(6);
    for (const row of rows) expect(Number(row.ledger)).toBe(row.balance);
    for (const accountId of h.writer.accountIds()) expect((await accountRow(accountId))?.balance).toBe(h.writer.balanceOf(accountId));
  });

  it('writes the same rows from a whole history in one batch as from one event at a time', async () => {
    // A batch is folded before it is written (account-changes-plan.ts): openings, several money
    // movements of one account, a refund next to its withdrawal, lock and close all land in one batch.
    await h.catchUp('accounts');
    const events = await h.readAllEvents();
    expect(events.length).toBeGreaterThan(50);
    const fromTheRunner = await h.snapshot();
    await sql`truncate accounts, account_transactions`.execute(h.db);
    await h.deliver('accounts', events);
    expect(await h.snapshot()).toEqual(fromTheRunner);
    await sql`truncate accounts, account_transactions`.execute(h.db);
    for (const event of events) await h.deliver('accounts', [event]);
    expect(await h.snapshot()).toEqual(fromTheRunner);
  });
});
