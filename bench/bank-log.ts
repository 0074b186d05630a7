/**
 * A realistic bank log for benchmarks, built in memory as the deciders and sagas would write it:
 * ATMs registered, accounts opened and funded, counter deposits and withdrawals, whole ATM withdrawal
 * and deposit sagas (most completed, some declined for a wrong PIN or missing funds, a few refunded
 * after a dispense fault), refills, locks, unlocks and closings. Balances, ATM cash and reservations
 * are kept here, so every event carries consistent old and new values, and every payload is checked
 * against the domain's schema of its type (an event the projections would not accept throws here).
 *
 * Each event is its own append to its stream, at the stream's exact expected version, as a command
 * of the real system would write it; a caller appends many of them concurrently to seed fast (the
 * store batches them). Random choices come from a seeded generator, so every run builds the same mix.
 */
import { randomUUID } from 'node:crypto';
import type { AccountEvent, AuthorizationPurpose } from '../src/domain/account/account-events.ts';
import type { PinHash } from '../src/domain/account/account-pin.ts';
import { accountEventSchemas } from '../src/domain/account/account-schemas.ts';
import { accountStreamId, tellerStreamId } from '../src/domain/ids.ts';
import type { Cents } from '../src/domain/money.ts';
import type { TellerEvent } from '../src/domain/teller/teller-events.ts';
import { tellerEventSchemas } from '../src/domain/teller/teller-schemas.ts';
import type { JsonObject, NewEvent } from '../src/event-store/event-store.ts';
// The load suite's seeded generator (mulberry32), so every run draws the same operations.
import { seededRandom } from '../test/support/load-clients.ts';

/** One append of the log: one event to one stream, at the version the stream is at before it. */
export interface PlannedAppend {
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
}

export interface BankLog {
  readonly appends: readonly PlannedAppend[];
  readonly events: number;
  readonly accounts: number;
  readonly atms: number;
  /** Events of each type, for the notes. */
  readonly eventsByType: ReadonlyMap<string, number>;
}

/** The correlation id of a saga and the id of its last event, the cause of the next. */
interface Flow {
  readonly correlationId: string;
  causationId: string;
}

/** A well-formed hash (what the schema checks); no PIN is ever compared in a replay. */
const PIN_HASH = `scrypt$16384$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}` as PinHash;
const cents = (value: number): Cents => value as Cents;

/** Builds a log of about `targetEvents` events (it stops after the operation that reaches it). */
export function buildBankLog(targetEvents: number, seed = 20261126): BankLog {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const amount = (max: number): number => 100 * (1 + Math.floor(random() * (max / 100)));
  let clock = Date.parse('2026-11-26T09:00:00.000Z');
  const now = (): string => new Date((clock += 250)).toISOString();

  const appends: PlannedAppend[] = [];
  const versions = new Map<string, number>();
  const eventsByType = new Map<string, number>();
  const balances = new Map<string, number>();
  const openAccounts: string[] = [];
  const atms = new Map<string, { cash: number; reserved: number }>();

  /** Appends one event; `flow` carries the correlation id and the previous event id of a saga. */
  const write = (streamId: string, event: AccountEvent | TellerEvent, commandType: string, flow?: Flow): string => {
    const registration = event.type.startsWith('Accounts.')
      ? accountEventSchemas[event.type as AccountEvent['type']]
      : tellerEventSchemas[event.type as TellerEvent['type']];
    registration.schema.parse(event.data);
    const commandId = randomUUID();
    const eventId = randomUUID();
    const version = versions.get(streamId) ?? 0;
    versions.set(streamId, version + 1);
    eventsByType.set(event.type, (eventsByType.get(event.type) ?? 0) + 1);
    appends.push({
      streamId,
      expectedVersion: version,
      events: [{
        eventId,
        eventType: event.type,
        schemaVersion: registration.schemaVersion,
        data: event.data as unknown as JsonObject,
        metadata: { commandId, commandType, requestId: randomUUID() },
        causationId: flow?.causationId ?? commandId,
        correlationId: flow?.correlationId ?? commandId,
      }],
    });
    return eventId;
  };
  const account = (accountId: string, event: AccountEvent, commandType: string, flow?: Flow): string =>
    write(accountStreamId(accountId), event, commandType, flow);
  const teller = (atmId: string, event: TellerEvent, commandType: string, flow: Flow): string =>
    write(tellerStreamId(atmId), event, commandType, flow);

  const moveBalance = (accountId: string, delta: number): { oldBalance: Cents; newBalance: Cents } => {
    const oldBalance = balances.get(accountId) ?? 0;
    balances.set(accountId, oldBalance + delta);
    return { oldBalance: cents(oldBalance), newBalance: cents(oldBalance + delta) };
  };

  const registerAtm = (): void => {
    const atmId = randomUUID();
    atms.set(atmId, { cash: 5_000_000, reserved: 0 });
    const flowId = randomUUID();
    teller(atmId, { type: 'Tellers.AtmRegistered', data: { atmId, initialCash: cents(5_000_000), registeredAt: now() } }, 'Tellers.RegisterAtm', { correlationId: flowId, causationId: flowId });
  };

  const openAccount = (): void => {
    const accountId = randomUUID();
    balances.set(accountId, 0);
    openAccounts.push(accountId);
    account(accountId, { type: 'Accounts.AccountOpened', data: { accountId, owner: `Customer ${openAccounts.length}`, pinHash: PIN_HASH, openedAt: now() } }, 'Accounts.OpenAccount');
    const deposit = amount(200_000);
    account(accountId, { type: 'Accounts.MoneyDeposited', data: { accountId, amount: cents(deposit), ...moveBalance(accountId, deposit), depositedAt: now() } }, 'Accounts.DepositMoney');
  };

  const atmWithdrawal = (accountId: string, atmId: string): void => {
    const withdrawalId = randomUUID();
    const value = amount(20_000);
    const purpose: AuthorizationPurpose = { kind: 'withdrawal', operationId: withdrawalId, atmId, amount: cents(value) };
    const flow: Flow = { correlationId: withdrawalId, causationId: withdrawalId };
    if (random() < 0.05) {
      account(accountId, { type: 'Accounts.AuthorizationFailed', data: { accountId, reason: 'WRONG_PIN', consecutiveFailures: 1, failedAt: now(), purpose } }, 'Accounts.ConfirmAuthorization', flow);
      return;
    }
    flow.causationId = account(accountId, { type: 'Accounts.AuthorizationConfirmed', data: { accountId, confirmedAt: now(), purpose } }, 'Accounts.ConfirmAuthorization', flow);
    const atm = atms.get(atmId)!;
    const common = { atmId, withdrawalId, accountId, amount: cents(value) };
    if (atm.cash - atm.reserved < value) {
      teller(atmId, { type: 'Tellers.WithdrawalDeclined', data: { ...common, reason: 'ATM_OUT_OF_CASH' } }, 'Tellers.InitiateWithdrawal', flow);
      return;
    }
    atm.reserved += value;
    flow.causationId = teller(atmId, { type: 'Tellers.WithdrawalInitiated', data: { ...common, reservedAfter: cents(atm.reserved) } }, 'Tellers.InitiateWithdrawal', flow);
    if ((balances.get(accountId) ?? 0) < value) {
      atm.reserved -= value;
      teller(atmId, { type: 'Tellers.WithdrawalDeclined', data: { ...common, reason: 'INSUFFICIENT_FUNDS' } }, 'Tellers.DeclineWithdrawal', flow);
      return;
    }
    flow.causationId = account(accountId, { type: 'Accounts.MoneyWithdrawn', data: { accountId, amount: cents(value), ...moveBalance(accountId, -value), withdrawnAt: now(), withdrawalId, atmId } }, 'Accounts.WithdrawMoney', flow);
    const oldCash = atm.cash;
    atm.cash -= value;
    atm.reserved -= value;
    flow.causationId = teller(atmId, { type: 'Tellers.MoneyWithdrawn', data: { ...common, oldCash: cents(oldCash), newCash: cents(atm.cash) } }, 'Tellers.DispenseCash', flow);
    if (random() < 0.02) {
      atm.cash += value;
      flow.causationId = teller(atmId, { type: 'Tellers.DispenseFaultReported', data: { ...common, oldCash: cents(atm.cash - value), newCash: cents(atm.cash) } }, 'Tellers.ReportDispenseFault', flow);
      account(accountId, { type: 'Accounts.WithdrawalRefunded', data: { accountId, withdrawalId, amount: cents(value), ...moveBalance(accountId, value), refundedAt: now() } }, 'Accounts.RefundWithdrawal', flow);
    }
  };

  const atmDeposit = (accountId: string, atmId: string): void => {
    const depositId = randomUUID();
    const value = amount(50_000);
    const purpose: AuthorizationPurpose = { kind: 'deposit', operationId: depositId, atmId, amount: cents(value) };
    const flow: Flow = { correlationId: depositId, causationId: depositId };
    if (random() < 0.05) {
      account(accountId, { type: 'Accounts.AuthorizationFailed', data: { accountId, reason: 'WRONG_PIN', consecutiveFailures: 1, failedAt: now(), purpose } }, 'Accounts.ConfirmAuthorization', flow);
      return;
    }
    flow.causationId = account(accountId, { type: 'Accounts.AuthorizationConfirmed', data: { accountId, confirmedAt: now(), purpose } }, 'Accounts.ConfirmAuthorization', flow);
    const common = { atmId, depositId, accountId, amount: cents(value) };
    flow.causationId = teller(atmId, { type: 'Tellers.DepositInitiated', data: common }, 'Tellers.InitiateDeposit', flow);
    flow.causationId = account(accountId, { type: 'Accounts.MoneyDeposited', data: { accountId, amount: cents(value), ...moveBalance(accountId, value), depositedAt: now(), depositId, atmId } }, 'Accounts.DepositMoney', flow);
    const atm = atms.get(atmId)!;
    const oldCash = atm.cash;
    atm.cash += value;
    teller(atmId, { type: 'Tellers.MoneyDeposited', data: { ...common, oldCash: cents(oldCash), newCash: cents(atm.cash) } }, 'Tellers.AcceptDepositedCash', flow);
  };

  const counterMovement = (accountId: string): void => {
    const value = amount(30_000);
    if (random() < 0.6 || (balances.get(accountId) ?? 0) < value) {
      account(accountId, { type: 'Accounts.MoneyDeposited', data: { accountId, amount: cents(value), ...moveBalance(accountId, value), depositedAt: now() } }, 'Accounts.DepositMoney');
    } else {
      account(accountId, { type: 'Accounts.MoneyWithdrawn', data: { accountId, amount: cents(value), ...moveBalance(accountId, -value), withdrawnAt: now() } }, 'Accounts.WithdrawMoney');
    }
  };

  const lockAndUnlock = (accountId: string): void => {
    account(accountId, { type: 'Accounts.AccountLocked', data: { accountId, consecutiveFailures: 3, lockedAt: now() } }, 'Accounts.ConfirmAuthorization');
    account(accountId, { type: 'Accounts.AccountUnlocked', data: { accountId, unlockedBy: 'operator', unlockedAt: now() } }, 'Accounts.UnlockAccount');
  };

  const refillLowAtms = (): void => {
    for (const [atmId, atm] of atms) {
      if (atm.cash >= 1_000_000) continue;
      const flowId = randomUUID();
      const oldCash = atm.cash;
      atm.cash += 4_000_000;
      teller(atmId, { type: 'Tellers.AtmRefilled', data: { atmId, amount: cents(4_000_000), oldCash: cents(oldCash), newCash: cents(atm.cash) } }, 'Tellers.RefillAtm', { correlationId: flowId, causationId: flowId });
    }
  };

  const atmCount = Math.max(2, Math.round(targetEvents / 5_000));
  const accountCount = Math.max(10, Math.round(targetEvents / 25));
  for (let i = 0; i < atmCount; i++) registerAtm();
  const atmIds = [...atms.keys()];
  while (appends.length < targetEvents) {
    // Accounts open throughout the log, about one in every 25 events.
    if (openAccounts.length < accountCount && (openAccounts.length < 10 || random() < 0.12)) openAccount();
    const accountId = pick(openAccounts);
    const draw = random();
    if (draw < 0.35) atmWithdrawal(accountId, pick(atmIds));
    else if (draw < 0.55) atmDeposit(accountId, pick(atmIds));
    else if (draw < 0.985) counterMovement(accountId);
    else if (draw < 0.995) lockAndUnlock(accountId);
    else if (openAccounts.length > 10) {
      account(accountId, { type: 'Accounts.AccountClosed', data: { accountId, closedAt: now() } }, 'Accounts.CloseAccount');
      openAccounts.splice(openAccounts.indexOf(accountId), 1);
    }
    refillLowAtms();
  }
  return { appends, events: appends.length, accounts: balances.size, atms: atms.size, eventsByType };
}
