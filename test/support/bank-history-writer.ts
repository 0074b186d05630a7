/**
 * Appends bank histories through a real event store, in the shapes the deciders write (built with the
 * domain's event types), for read-model tests: accounts with deposits, withdrawals, locks and
 * closings, ATMs, and whole ATM withdrawal and deposit sagas ending each possible way. It keeps the
 * balances, cash and reservations itself, so every event carries consistent old and new values, and
 * a test can compare the read models with them. Times come from a clock that ticks one second per event.
 */
import { randomUUID } from 'node:crypto';
import type { AccountEvent, AuthorizationFailureReason, AuthorizationPurpose } from '../../src/domain/account/account-events.ts';
import { accountEventSchemas } from '../../src/domain/account/account-schemas.ts';
import { accountStreamId, tellerStreamId } from '../../src/domain/ids.ts';
import type { Cents } from '../../src/domain/money.ts';
import type { AccountRefusalReason, TellerEvent } from '../../src/domain/teller/teller-events.ts';
import { tellerEventSchemas } from '../../src/domain/teller/teller-schemas.ts';
import type { AppendResult, EventStore, JsonObject } from '../../src/event-store/event-store.ts';
import { pinHash } from './account-fixtures.ts';

export type AtmWithdrawalOutcome = 'completed' | 'refunded' | 'insufficient-funds' | 'out-of-cash' | 'wrong-pin';
export type AtmDepositOutcome = 'completed' | 'declined' | 'wrong-pin';

export { pinHash };

const cents = (value: number): Cents => value as Cents;

export function createBankHistoryWriter(eventStore: EventStore, start = '2026-11-26T09:00:00.000Z') {
  let clock = Date.parse(start);
  const tick = (): string => new Date((clock += 1_000)).toISOString();
  const balances = new Map<string, number>();
  const atms = new Map<string, { cash: number; reserved: number }>();

  const appendAccount = (accountId: string, event: AccountEvent): Promise<AppendResult> =>
    eventStore.append(accountStreamId(accountId), [
      { eventId: randomUUID(), eventType: event.type, schemaVersion: accountEventSchemas[event.type].schemaVersion, data: event.data as unknown as JsonObject },
    ], 'any');
  const appendTeller = (atmId: string, event: TellerEvent): Promise<AppendResult> =>
    eventStore.append(tellerStreamId(atmId), [
      { eventId: randomUUID(), eventType: event.type, schemaVersion: tellerEventSchemas[event.type].schemaVersion, data: event.data as unknown as JsonObject },
    ], 'any');
  const balanceOf = (accountId: string): number => balances.get(accountId) ?? 0;
  const atmOf = (atmId: string): { cash: number; reserved: number } => {
    const atm = atms.get(atmId);
    if (!atm) throw new Error(`The writer registered no ATM ${atmId}.`);
    return atm;
  };

  const writer = {
    balanceOf,
    atmOf,
    accountIds: () => [...balances.keys()],

    async openAccount(owner = `Owner ${balances.size + 1}`, accountId: string = randomUUID()): Promise<string> {
      balances.set(accountId, 0);
      await appendAccount(accountId, { type: 'Accounts.AccountOpened', data: { accountId, owner, pinHash, openedAt: tick() } });
      return accountId;
    },

    deposit(accountId: string, amount: number, atm?: { depositId: string; atmId: string }): Promise<AppendResult> {
      const oldBalance = balanceOf(accountId);
      balances.set(accountId, oldBalance + amount);
      const data = { accountId, amount: cents(amount), oldBalance: cents(oldBalance), newBalance: cents(oldBalance + amount), depositedAt: tick() };
      return appendAccount(accountId, { type: 'Accounts.MoneyDeposited', data: atm ? { ...data, ...atm } : data });
    },

    withdraw(accountId: string, amount: number, atm?: { withdrawalId: string; atmId: string }): Promise<AppendResult> {
      const oldBalance = balanceOf(accountId);
      balances.set(accountId, oldBalance - amount);
      const data = { accountId, amount: cents(amount), oldBalance: cents(oldBalance), newBalance: cents(oldBalance - amount), withdrawnAt: tick() };
      return appendAccount(accountId, { type: 'Accounts.MoneyWithdrawn', data: atm ? { ...data, ...atm } : data });
    },

    lock: (accountId: string) => appendAccount(accountId, { type: 'Accounts.AccountLocked', data: { accountId, consecutiveFailures: 3, lockedAt: tick() } }),
    unlock: (accountId: string) =>
      appendAccount(accountId, { type: 'Accounts.AccountUnlocked', data: { accountId, unlockedBy: 'operator-grace', unlockedAt: tick() } }),
    close: (accountId: string) => appendAccount(accountId, { type: 'Accounts.AccountClosed', data: { accountId, closedAt: tick() } }),

    async registerAtm(initialCash: number, atmId: string = randomUUID()): Promise<string> {
      atms.set(atmId, { cash: initialCash, reserved: 0 });
      await appendTeller(atmId, { type: 'Tellers.AtmRegistered', data: { atmId, initialCash: cents(initialCash), registeredAt: tick() } });
      return atmId;
    },

    refillAtm(atmId: string, amount: number): Promise<AppendResult> {
      const atm = atmOf(atmId);
      const oldCash = atm.cash;
      atm.cash += amount;
      return appendTeller(atmId, { type: 'Tellers.AtmRefilled', data: { atmId, amount: cents(amount), oldCash: cents(oldCash), newCash: cents(atm.cash) } });
    },

    /** A whole ATM withdrawal saga, ending as `outcome`; returns the withdrawal id. */
    async atmWithdrawal(accountId: string, atmId: string, amount: number, outcome: AtmWithdrawalOutcome): Promise<string> {
      const withdrawalId = randomUUID();
      const purpose: AuthorizationPurpose = { kind: 'withdrawal', operationId: withdrawalId, atmId, amount: cents(amount) };
      const atm = atmOf(atmId);
      const common = { atmId, withdrawalId, accountId, amount: cents(amount) };
      if (outcome === 'wrong-pin') {
        await writer.authorizationFailed(accountId, purpose, 'WRONG_PIN');
        return withdrawalId;
      }
      await appendAccount(accountId, { type: 'Accounts.AuthorizationConfirmed', data: { accountId, confirmedAt: tick(), purpose } });
      if (outcome === 'out-of-cash') {
        await appendTeller(atmId, { type: 'Tellers.WithdrawalDeclined', data: { ...common, reason: 'ATM_OUT_OF_CASH' } });
        return withdrawalId;
      }
      atm.reserved += amount;
      await appendTeller(atmId, { type: 'Tellers.WithdrawalInitiated', data: { ...common, reservedAfter: cents(atm.reserved) } });
      if (outcome === 'insufficient-funds') {
        atm.reserved -= amount;
        const reason: AccountRefusalReason = 'INSUFFICIENT_FUNDS';
        await appendTeller(atmId, { type: 'Tellers.WithdrawalDeclined', data: { ...common, reason } });
        return withdrawalId;
      }
      await writer.withdraw(accountId, amount, { withdrawalId, atmId });
      const oldCash = atm.cash;
      atm.cash -= amount;
      atm.reserved -= amount;
      await appendTeller(atmId, { type: 'Tellers.MoneyWithdrawn', data: { ...common, oldCash: cents(oldCash), newCash: cents(atm.cash) } });
      if (outcome === 'refunded') {
        atm.cash += amount;
        await appendTeller(atmId, { type: 'Tellers.DispenseFaultReported', data: { ...common, oldCash: cents(atm.cash - amount), newCash: cents(atm.cash) } });
        const oldBalance = balanceOf(accountId);
        balances.set(accountId, oldBalance + amount);
        await appendAccount(accountId, {
          type: 'Accounts.WithdrawalRefunded',
          data: { accountId, withdrawalId, amount: cents(amount), oldBalance: cents(oldBalance), newBalance: cents(oldBalance + amount), refundedAt: tick() },
        });
      }
      return withdrawalId;
    },

    /** A whole ATM deposit saga, ending as `outcome`; returns the deposit id. */
    async atmDeposit(accountId: string, atmId: string, amount: number, outcome: AtmDepositOutcome): Promise<string> {
      const depositId = randomUUID();
      const purpose: AuthorizationPurpose = { kind: 'deposit', operationId: depositId, atmId, amount: cents(amount) };
      const common = { atmId, depositId, accountId, amount: cents(amount) };
      if (outcome === 'wrong-pin') {
        await writer.authorizationFailed(accountId, purpose, 'WRONG_PIN');
        return depositId;
      }
      await appendAccount(accountId, { type: 'Accounts.AuthorizationConfirmed', data: { accountId, confirmedAt: tick(), purpose } });
      await appendTeller(atmId, { type: 'Tellers.DepositInitiated', data: common });
      if (outcome === 'declined') {
        await appendTeller(atmId, { type: 'Tellers.DepositDeclined', data: { ...common, reason: 'ACCOUNT_CLOSED' } });
        return depositId;
      }
      await writer.deposit(accountId, amount, { depositId, atmId });
      const atm = atmOf(atmId);
      const oldCash = atm.cash;
      atm.cash += amount;
      await appendTeller(atmId, { type: 'Tellers.MoneyDeposited', data: { ...common, oldCash: cents(oldCash), newCash: cents(atm.cash) } });
      return depositId;
    },

    authorizationFailed: (accountId: string, purpose: AuthorizationPurpose, reason: AuthorizationFailureReason) =>
      appendAccount(accountId, { type: 'Accounts.AuthorizationFailed', data: { accountId, reason, consecutiveFailures: 1, failedAt: tick(), purpose } }),
  };
  return writer;
}

export type BankHistoryWriter = ReturnType<typeof createBankHistoryWriter>;

/** A mixed history: `accounts` accounts with deposits and withdrawals, two ATMs, and every saga ending. */
export async function writeBankWorkload(writer: BankHistoryWriter, accounts: number): Promise<void> {
  const atmA = await writer.registerAtm(500_000);
  const atmB = await writer.registerAtm(1_000);
  await writer.refillAtm(atmA, 250_000);
  const withdrawalOutcomes = ['completed', 'refunded', 'insufficient-funds', 'out-of-cash', 'wrong-pin'] as const;
  const depositOutcomes = ['completed', 'declined', 'wrong-pin'] as const;
  for (let i = 0; i < accounts; i += 1) {
    const id = await writer.openAccount(`Customer ${i}`);
    await writer.deposit(id, 10_000 + i * 100);
    await writer.withdraw(id, 1_000 + i);
    const withdrawalOutcome = withdrawalOutcomes[i % withdrawalOutcomes.length]!;
    await writer.atmWithdrawal(id, withdrawalOutcome === 'out-of-cash' ? atmB : atmA, 2_000, withdrawalOutcome);
    await writer.atmDeposit(id, atmA, 3_000 + i, depositOutcomes[i % depositOutcomes.length]!);
    if (i % 4 === 1) await writer.lock(id);
    if (i % 8 === 1) await writer.unlock(id);
    if (i % 10 === 9) await writer.close(id);
  }
}
