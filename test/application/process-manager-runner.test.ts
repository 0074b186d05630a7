/**
 * The process-manager runner on real databases (PGlite, and PostgreSQL when DATABASE_URL is set),
 * running the real ATM withdrawal and deposit sagas against the real dispatcher and aggregates: the
 * completed, declined and refused paths, the deposit, the dispense-fault refund, causation and
 * correlation ids, redelivery of the whole history, a crash between dispatch and commit, and a
 * process manager whose command is invalid (a bug: the runner halts at that event).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicUuid } from '../../src/application/deterministic-uuid.ts';
import type { ProcessManagerInstanceStore } from '../../src/application/process-manager-instance-store.ts';
import type { ProcessManagerRunner } from '../../src/application/process-manager-runner.ts';
import type { ProcessManagerFailedError } from '../../src/application/process-manager-runner-errors.ts';
import type { AuthorizationPurpose } from '../../src/domain/account/account-events.ts';
import { atmDepositProcess } from '../../src/domain/atm-deposit/atm-deposit-process.ts';
import { atmWithdrawalProcess } from '../../src/domain/atm-withdrawal/atm-withdrawal-process.ts';
import type { CommandContext } from '../../src/domain/command-context.ts';
import type { Message } from '../../src/domain/decider.ts';
import type { ProcessManager } from '../../src/domain/process-manager.ts';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import { cents, type InstanceTx, openSagaHarness, type SagaHarness, WAIT } from '../support/process-manager-harness.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const withdrawal = (amount: number): AuthorizationPurpose => ({ kind: 'withdrawal', operationId: randomUUID(), atmId: DEFAULT_ATM_ID, amount: cents(amount) });
const deposit = (amount: number): AuthorizationPurpose => ({ kind: 'deposit', operationId: randomUUID(), atmId: DEFAULT_ATM_ID, amount: cents(amount) });
const typesOf = (events: readonly { readonly eventType: string }[]): string[] => events.map((event) => event.eventType);

describe.each(testDatabaseKinds())('process-manager runner on %s', (kind) => {
  let h: SagaHarness;
  let withdrawals: ProcessManagerRunner;
  let deposits: ProcessManagerRunner;
  const settle = (): Promise<void> => h.settle([withdrawals, deposits]);

  beforeAll(async () => {
    h = await openSagaHarness(kind);
    withdrawals = await h.startRunner({ processManager: atmWithdrawalProcess });
    deposits = await h.startRunner({ processManager: atmDepositProcess });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('completes a withdrawal: account debited, notes dispensed, instance removed, one correlation', async () => {
    const accountId = await h.openAccount(50_000);
    const before = await h.atmCash();
    const purpose = withdrawal(12_000);
    const authorized = await h.authorize(accountId, purpose, undefined, { consistency: 'strong' });
    // Strong consistency waited on the runners: the saga's first step is already done.
    expect(withdrawals.position()).toBeGreaterThanOrEqual(authorized.position);
    await settle();

    expect(typesOf(await h.tellerEventsOf({ withdrawalId: purpose.operationId }))).toEqual(['Tellers.WithdrawalInitiated', 'Tellers.MoneyWithdrawn']);
    expect(await h.balanceOf(accountId)).toBe(38_000);
    expect(await h.atmCash()).toEqual({ cash: before.cash - 12_000, reserved: before.reserved });
    expect(await h.instanceStore.load('atm-withdrawal', purpose.operationId)).toBeUndefined();

    const authorizationCommandId = authorized.events[0]?.metadata.commandId as string;
    const chain = await h.eventsCorrelatedWith(authorizationCommandId);
    expect(typesOf(chain)).toEqual(['Accounts.AuthorizationConfirmed', 'Tellers.WithdrawalInitiated', 'Accounts.MoneyWithdrawn', 'Tellers.MoneyWithdrawn']);
    expect(chain[0]?.causationId).toBe(authorizationCommandId);
    for (const [index, event] of chain.entries()) {
      if (index === 0) continue;
      const cause = chain[index - 1];
      expect(event.causationId).toBe(cause?.eventId);
      expect(event.metadata).toMatchObject({ processManager: 'atm-withdrawal', commandId: deterministicUuid(cause?.eventId ?? '', 'atm-withdrawal:0') });
    }
  });

  it('declines a withdrawal the account cannot cover, through the compensation, moving no cash', async () => {
    const accountId = await h.openAccount(1_000);
    const before = await h.atmCash();
    const purpose = withdrawal(5_000);
    await h.authorize(accountId, purpose);
    await settle();

    const [initiated, declined, ...rest] = await h.tellerEventsOf({ withdrawalId: purpose.operationId });
    expect(rest).toEqual([]);
    expect(initiated?.eventType).toBe('Tellers.WithdrawalInitiated');
    expect(declined).toMatchObject({ eventType: 'Tellers.WithdrawalDeclined', data: { reason: 'INSUFFICIENT_FUNDS', amount: 5_000 } });
    expect(declined?.metadata.commandId).toBe(deterministicUuid(initiated?.eventId ?? '', 'atm-withdrawal:0:rejected:0'));
    expect(declined?.causationId).toBe(initiated?.eventId);
    expect(await h.balanceOf(accountId)).toBe(1_000);
    expect(await h.atmCash()).toEqual(before);
    expect(await h.instanceStore.load('atm-withdrawal', purpose.operationId)).toBeUndefined();
  });

  it('does nothing at the ATM after a wrong PIN', async () => {
    const accountId = await h.openAccount(9_000);
    const purpose = withdrawal(2_000);
    const failed = await h.authorize(accountId, purpose, '0000');
    await settle();

    expect(failed.events[0]).toMatchObject({ eventType: 'Accounts.AuthorizationFailed', data: { reason: 'WRONG_PIN' } });
    expect(await h.tellerEventsOf({ withdrawalId: purpose.operationId })).toEqual([]);
    expect(await h.balanceOf(accountId)).toBe(9_000);
    expect(await h.instanceStore.load('atm-withdrawal', purpose.operationId)).toBeUndefined();
  });

  it('completes a deposit: account credited, notes kept', async () => {
    const accountId = await h.openAccount(2_000);
    const before = await h.atmCash();
    const purpose = deposit(7_500);
    await h.authorize(accountId, purpose);
    await settle();

    expect(typesOf(await h.tellerEventsOf({ depositId: purpose.operationId }))).toEqual(['Tellers.DepositInitiated', 'Tellers.MoneyDeposited']);
    expect(await h.balanceOf(accountId)).toBe(9_500);
    expect(await h.atmCash()).toEqual({ cash: before.cash + 7_500, reserved: before.reserved });
    expect(await h.instanceStore.load('atm-deposit', purpose.operationId)).toBeUndefined();
  });

  it('refunds a withdrawal whose notes stayed in the machine, exactly once', async () => {
    const accountId = await h.openAccount(30_000);
    const before = await h.atmCash();
    const purpose = withdrawal(10_000);
    await h.authorize(accountId, purpose);
    await settle();
    expect(await h.balanceOf(accountId)).toBe(20_000);

    const fault = { type: 'Tellers.ReportDispenseFault', data: { atmId: DEFAULT_ATM_ID, withdrawalId: purpose.operationId } };
    await h.dispatchOrFail(fault);
    await settle();
    await h.dispatcher.dispatch(fault);
    await settle();

    const refunds = (await h.accountEvents(accountId)).filter((event) => event.eventType === 'Accounts.WithdrawalRefunded');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.data).toMatchObject({ withdrawalId: purpose.operationId, amount: 10_000 });
    expect(await h.balanceOf(accountId)).toBe(30_000);
    expect(await h.atmCash()).toEqual(before);
    expect(typesOf(await h.tellerEventsOf({ withdrawalId: purpose.operationId }))).toEqual([
      'Tellers.WithdrawalInitiated',
      'Tellers.MoneyWithdrawn',
      'Tellers.DispenseFaultReported',
    ]);
    expect(await h.instanceStore.load('atm-withdrawal', purpose.operationId)).toBeUndefined();
  });

  it('appends nothing when the whole history is delivered again from checkpoint 0', async () => {
    await settle();
    await Promise.all([h.stopRunner(withdrawals), h.stopRunner(deposits)]);
    const head = await h.store.headPosition();
    await h.instanceStore.transaction(async (tx) => {
      await h.instanceStore.writeCheckpoint(tx, 'atm-withdrawal', 0);
      await h.instanceStore.writeCheckpoint(tx, 'atm-deposit', 0);
    });

    withdrawals = await h.startRunner({ processManager: atmWithdrawalProcess });
    deposits = await h.startRunner({ processManager: atmDepositProcess });
    await Promise.all([withdrawals, deposits].map((runner) => runner.waitUntilProcessed(head, WAIT)));
    await settle();

    expect(await h.store.headPosition()).toBe(head);
    expect(await h.instanceStore.readCheckpoint('atm-withdrawal')).toBeGreaterThan(0);
    expect(await h.db.selectFrom('process_manager_instances').selectAll().execute()).toEqual([]);
  });

  it('after a crash between dispatch and commit, processes the event again without appending twice', async () => {
    await h.stopRunner(withdrawals);
    const accountId = await h.openAccount(10_000);
    const purpose = withdrawal(4_000);
    const { store: crashing, crashed } = crashOnSecondSave(h.instanceStore, purpose.operationId);
    const doomed = await h.startRunner({ processManager: atmWithdrawalProcess, instanceStore: crashing, backoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 }, onError: crashed.report });
    const authorized = await h.authorize(accountId, purpose);

    const failure = await crashed.promise;
    expect(failure.eventType).toBe('Tellers.WithdrawalInitiated');
    // The debit was dispatched before the transaction failed: exactly the window this test is about.
    expect(await h.balanceOf(accountId)).toBe(6_000);
    expect(doomed.status().state).toBe('failing');
    await h.stopRunner(doomed);
    expect(await h.instanceStore.readCheckpoint('atm-withdrawal')).toBeLessThan(failure.position);
    expect(await h.instanceStore.load('atm-withdrawal', purpose.operationId)).toMatchObject({ status: 'PENDING' });

    withdrawals = await h.startRunner({ processManager: atmWithdrawalProcess });
    await settle();

    const debits = (await h.accountEvents(accountId)).filter((event) => event.eventType === 'Accounts.MoneyWithdrawn');
    expect(debits).toHaveLength(1);
    expect(await h.balanceOf(accountId)).toBe(6_000);
    expect(typesOf(await h.tellerEventsOf({ withdrawalId: purpose.operationId }))).toEqual(['Tellers.WithdrawalInitiated', 'Tellers.MoneyWithdrawn']);
    const chain = await h.eventsCorrelatedWith(authorized.events[0]?.metadata.commandId as string);
    expect(typesOf(chain)).toEqual(['Accounts.AuthorizationConfirmed', 'Tellers.WithdrawalInitiated', 'Accounts.MoneyWithdrawn', 'Tellers.MoneyWithdrawn']);
    expect(await h.instanceStore.load('atm-withdrawal', purpose.operationId)).toBeUndefined();
  });

  it('halts at an event whose command is invalid, logging the issues, and never skips it', async () => {
    const failed = promiseOf<ProcessManagerFailedError>();
    const broken = await h.startRunner({ processManager: brokenProcess, onError: failed.report });
    const error = await failed.promise;

    expect(error).toMatchObject({ halted: true, eventType: 'Accounts.AccountOpened', stage: 'process' });
    expect(broken.status()).toMatchObject({ state: 'failing', error: { halted: true } });
    expect(broken.position()).toBeLessThan(error.position);
    await expect(broken.waitUntilProcessed(error.position, { timeoutMs: 50 })).rejects.toMatchObject({ name: 'ConsistencyTimeoutError' });
    const logged = h.logs.lines.find((line) => line.processManager === brokenProcess.name && Array.isArray(line.issues));
    expect(logged).toMatchObject({ level: 'error', eventId: error.eventId, issues: [expect.objectContaining({ path: 'amount' })] });
    await h.stopRunner(broken);
    expect(broken.status().state).toBe('stopped');
  });
});

function promiseOf<T>(): { readonly promise: Promise<T>; readonly report: (value: T) => void } {
  let report: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    report = resolve;
  });
  return { promise, report };
}

/**
 * The real instance store, except that the second save of one withdrawal's instance (the one after
 * `Tellers.WithdrawalInitiated`, whose WithdrawMoney is already dispatched by then) throws inside its
 * transaction, so that transaction rolls back as if the process had died before the commit. The
 * account decider does not recognise a second debit by its withdrawal id: only the command id does.
 */
function crashOnSecondSave(store: ProcessManagerInstanceStore<InstanceTx>, instanceId: string) {
  const crashed = promiseOf<ProcessManagerFailedError>();
  let saves = 0;
  const crashing: ProcessManagerInstanceStore<InstanceTx> = {
    ...store,
    async save(tx, processManager, id, state) {
      await store.save(tx, processManager, id, state);
      if (id === instanceId && (saves += 1) === 2) throw new Error('Injected crash before the commit.');
    },
  };
  return { store: crashing, crashed };
}

type DepositLots = Message<'Accounts.DepositMoney', CommandContext & { readonly accountId: string; readonly amount: string }>;
type Opened = Message<'Accounts.AccountOpened', { readonly accountId: string }>;

/** A process manager with a bug: it answers every opened account with a deposit whose amount is text. */
const brokenProcess: ProcessManager<Opened, Record<string, never>, DepositLots> = {
  name: 'broken-welcome-bonus',
  routes: { 'Accounts.AccountOpened': 'start' },
  instanceId: (event) => event.data.accountId,
  initialState: {},
  evolve: (state) => state,
  react: (_state, event) => [{ type: 'Accounts.DepositMoney', data: { accountId: event.data.accountId, amount: 'lots' } }],
};
