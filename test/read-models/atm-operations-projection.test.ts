/**
 * The ATM operations projection on real databases: each way an ATM withdrawal or deposit saga ends
 * becomes an exact row (status, reason, times), a saga under way reads PENDING, delivering the events
 * again changes nothing, and the queries find operations by id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import { createAtmOperationsQueries } from '../../src/read-models/atm-operations/atm-operations-queries.ts';
import { openReadModelHarness, type ReadModelHarness } from '../support/read-model-harness.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

describe.each(testDatabaseKinds())('atm-operations projection on %s', (kind) => {
  let h: ReadModelHarness;
  let accountId: string;
  let atmId: string;

  beforeAll(async () => {
    h = await openReadModelHarness(kind);
    accountId = await h.writer.openAccount();
    await h.writer.deposit(accountId, 100_000);
    atmId = await h.writer.registerAtm(500_000);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The events of one operation, in order. */
  const eventsOf = async (operationId: string): Promise<RecordedEvent[]> =>
    (await h.readAllEvents()).filter((e) => {
      const { purpose, withdrawalId, depositId } = e.data as { purpose?: { operationId: string }; withdrawalId?: string; depositId?: string };
      return purpose?.operationId === operationId || withdrawalId === operationId || depositId === operationId;
    });
  const timeOf = (event: RecordedEvent | undefined, field?: string): Date =>
    field ? new Date(String(event?.data[field])) : (event?.createdAt ?? new Date(Number.NaN));
  const row = (table: 'withdrawals' | 'deposits', id: string) => h.db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst();

  it.each([
    ['completed', 'COMPLETED', null],
    ['refunded', 'REFUNDED', 'DISPENSE_FAULT'],
    ['insufficient-funds', 'DECLINED', 'INSUFFICIENT_FUNDS'],
    ['out-of-cash', 'DECLINED', 'ATM_OUT_OF_CASH'],
    ['wrong-pin', 'DECLINED', 'WRONG_PIN'],
  ] as const)('records a withdrawal that ends %s as %s', async (outcome, status, reason) => {
    const id = await h.writer.atmWithdrawal(accountId, atmId, 2_000, outcome);
    await h.catchUp('atm-operations');
    const events = await eventsOf(id);
    const last = events.at(-1);
    const dispensed = events.find((e) => e.eventType === 'Tellers.MoneyWithdrawn');
    const lastAt = last?.eventType === 'Accounts.WithdrawalRefunded' ? timeOf(last, 'refundedAt') : last?.eventType === 'Accounts.AuthorizationFailed' ? timeOf(last, 'failedAt') : timeOf(last);
    expect(await row('withdrawals', id)).toEqual({
      id,
      account_id: accountId,
      atm_id: atmId,
      amount: 2_000,
      status,
      reason,
      requested_at: timeOf(events[0], outcome === 'wrong-pin' ? 'failedAt' : 'confirmedAt'),
      updated_at: lastAt,
      completed_at: dispensed ? dispensed.createdAt : null,
      position: last?.position,
    });
  });

  it.each([
    ['completed', 'COMPLETED', null],
    ['declined', 'DECLINED', 'ACCOUNT_CLOSED'],
    ['wrong-pin', 'DECLINED', 'WRONG_PIN'],
  ] as const)('records a deposit that ends %s as %s', async (outcome, status, reason) => {
    const id = await h.writer.atmDeposit(accountId, atmId, 1_500, outcome);
    await h.catchUp('atm-operations');
    const events = await eventsOf(id);
    const last = events.at(-1);
    const accepted = events.find((e) => e.eventType === 'Tellers.MoneyDeposited');
    expect(await row('deposits', id)).toEqual({
      id,
      account_id: accountId,
      atm_id: atmId,
      amount: 1_500,
      status,
      reason,
      requested_at: timeOf(events[0], outcome === 'wrong-pin' ? 'failedAt' : 'confirmedAt'),
      updated_at: outcome === 'wrong-pin' ? timeOf(last, 'failedAt') : timeOf(last),
      completed_at: accepted ? accepted.createdAt : null,
      position: last?.position,
    });
  });

  it('reads PENDING while the saga is under way, step by step', async () => {
    const id = await h.writer.atmWithdrawal(accountId, atmId, 3_000, 'refunded');
    const events = await eventsOf(id);
    expect(events.map((e) => e.eventType)).toEqual([
      'Accounts.AuthorizationConfirmed',
      'Tellers.WithdrawalInitiated',
      'Accounts.MoneyWithdrawn',
      'Tellers.MoneyWithdrawn',
      'Tellers.DispenseFaultReported',
      'Accounts.WithdrawalRefunded',
    ]);
    const statuses: [string | undefined, string | null | undefined][] = [];
    for (const event of events) {
      await h.deliver('atm-operations', [event]);
      const current = await row('withdrawals', id);
      statuses.push([current?.status, current?.reason]);
    }
    expect(statuses).toEqual([
      ['PENDING', null],
      ['PENDING', null],
      ['PENDING', null],
      ['COMPLETED', null],
      ['COMPLETED', 'DISPENSE_FAULT'],
      ['REFUNDED', 'DISPENSE_FAULT'],
    ]);
  });

  it('creates no operation for a deposit made without an ATM', async () => {
    const before = await createAtmOperationsQueries(h.db).countRows();
    await h.writer.deposit(accountId, 10);
    await h.catchUp('atm-operations');
    expect(await createAtmOperationsQueries(h.db).countRows()).toEqual(before);
  });

  it('changes nothing when the same events are delivered again', async () => {
    await h.catchUp('atm-operations');
    const before = await h.snapshot();
    const events = await h.readAllEvents();
    await h.deliver('atm-operations', events);
    for (const event of events.slice(-8)) await h.deliver('atm-operations', [event]);
    expect(await h.snapshot()).toEqual(before);
  });

  it('writes the same rows from one batch, one event at a time, or batches cut anywhere', async () => {
    // A batch is folded per operation before it is written (atm-operation-changes-plan.ts).
    for (const outcome of ['completed', 'refunded', 'insufficient-funds', 'wrong-pin'] as const) await h.writer.atmWithdrawal(accountId, atmId, 1_000, outcome);
    for (const outcome of ['completed', 'declined'] as const) await h.writer.atmDeposit(accountId, atmId, 500, outcome);
    const events = await h.readAllEvents();
    const deliverAfresh = async (...batches: RecordedEvent[][]) => {
      await h.db.deleteFrom('withdrawals').execute();
      await h.db.deleteFrom('deposits').execute();
      for (const batch of batches) await h.deliver('atm-operations', batch);
      return h.snapshot();
    };
    const oneBatch = await deliverAfresh(events);
    expect(oneBatch.withdrawals.length).toBeGreaterThan(3);
    expect(await deliverAfresh(...events.map((event) => [event]))).toEqual(oneBatch);
    for (const cut of [0.3, 0.5, 0.7, 0.9].map((share) => Math.floor(events.length * share))) {
      expect(await deliverAfresh(events.slice(0, cut), events.slice(cut))).toEqual(oneBatch);
    }
  });

  it('finds withdrawals and deposits by id', async () => {
    const withdrawalId = await h.writer.atmWithdrawal(accountId, atmId, 1_000, 'completed');
    const depositId = await h.writer.atmDeposit(accountId, atmId, 800, 'declined');
    await h.catchUp('atm-operations');
    const queries = createAtmOperationsQueries(h.db);
    const stored = await row('withdrawals', withdrawalId);
    expect(await queries.findWithdrawal(withdrawalId)).toEqual({
      id: withdrawalId,
      accountId,
      atmId,
      amount: 1_000,
      status: 'COMPLETED',
      reason: null,
      requestedAt: stored?.requested_at,
      updatedAt: stored?.updated_at,
      completedAt: stored?.completed_at,
    });
    expect(await queries.findDeposit(depositId)).toMatchObject({ id: depositId, status: 'DECLINED', reason: 'ACCOUNT_CLOSED', completedAt: null });
    expect(await queries.findDeposit(withdrawalId)).toBeNull();
    expect(await queries.findWithdrawal('nope')).toBeNull();
    const counts = await queries.countRows();
    expect(counts).toEqual({
      withdrawals: Number((await h.db.selectFrom('withdrawals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      deposits: Number((await h.db.selectFrom('deposits').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    });
    expect(counts.withdrawals).toBeGreaterThanOrEqual(7);
  });
});
