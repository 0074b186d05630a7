/**
 * Builders for account commands and events in tests: one account id, fixed timestamps, and a
 * well-formed (but fake) PIN hash, so each test states only what it is about.
 */

import type {
  CloseAccount,
  CommandContext,
  ConfirmAuthorization,
  DepositMoney,
  OpenAccount,
  UnlockAccount,
  WithdrawMoney,
} from '../../src/domain/account/account-commands.ts';
import type {
  AccountClosed,
  AccountLocked,
  AccountOpened,
  AccountUnlocked,
  AuthorizationConfirmed,
  AuthorizationFailed,
  AuthorizationFailureReason,
  MoneyDeposited,
  MoneyWithdrawn,
} from '../../src/domain/account/account-events.ts';
import type { PinHash } from '../../src/domain/account/account-pin.ts';
import type { Cents } from '../../src/domain/money.ts';

export const accountId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const commandId = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const owner = 'Ada Lovelace';
export const operator = 'operator-grace';
/** Shaped like a `hashPin` result (16-byte salt, 32-byte hash, all zero): the decider never looks inside. */
export const pinHash = `scrypt$16384$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}` as PinHash;
export const openedAt = '2026-11-26T09:00:00.000Z';
export const issuedAt = '2026-11-26T10:00:00.000Z';

/** Unchecked on purpose, so tests can also build invalid amounts. */
const cents = (value: number): Cents => value as Cents;
const context = (): CommandContext => ({ commandId, issuedAt });

export const openAccount = (): OpenAccount => ({
  type: 'Accounts.OpenAccount',
  data: { accountId, owner, pinHash, openedAt, ...context() },
});
export const depositMoney = (amount: number): DepositMoney => ({
  type: 'Accounts.DepositMoney',
  data: { accountId, amount: cents(amount), ...context() },
});
export const withdrawMoney = (amount: number): WithdrawMoney => ({
  type: 'Accounts.WithdrawMoney',
  data: { accountId, amount: cents(amount), ...context() },
});
export const confirmAuthorization = (pinMatches: boolean): ConfirmAuthorization => ({
  type: 'Accounts.ConfirmAuthorization',
  data: { accountId, pinMatches, ...context() },
});
export const unlockAccount = (): UnlockAccount => ({
  type: 'Accounts.UnlockAccount',
  data: { accountId, unlockedBy: operator, ...context() },
});
export const closeAccount = (): CloseAccount => ({ type: 'Accounts.CloseAccount', data: { accountId, ...context() } });

export const accountOpened = (): AccountOpened => ({
  type: 'Accounts.AccountOpened',
  data: { accountId, owner, pinHash, openedAt },
});
export const moneyDeposited = (amount: number, oldBalance: number): MoneyDeposited => ({
  type: 'Accounts.MoneyDeposited',
  data: {
    accountId,
    amount: cents(amount),
    oldBalance: cents(oldBalance),
    newBalance: cents(oldBalance + amount),
    depositedAt: issuedAt,
  },
});
export const moneyWithdrawn = (amount: number, oldBalance: number): MoneyWithdrawn => ({
  type: 'Accounts.MoneyWithdrawn',
  data: {
    accountId,
    amount: cents(amount),
    oldBalance: cents(oldBalance),
    newBalance: cents(oldBalance - amount),
    withdrawnAt: issuedAt,
  },
});
export const authorizationConfirmed = (): AuthorizationConfirmed => ({
  type: 'Accounts.AuthorizationConfirmed',
  data: { accountId, confirmedAt: issuedAt },
});
export const authorizationFailed = (
  consecutiveFailures: number,
  reason: AuthorizationFailureReason = 'WRONG_PIN',
): AuthorizationFailed => ({
  type: 'Accounts.AuthorizationFailed',
  data: { accountId, reason, consecutiveFailures, failedAt: issuedAt },
});
export const accountLocked = (consecutiveFailures = 3): AccountLocked => ({
  type: 'Accounts.AccountLocked',
  data: { accountId, consecutiveFailures, lockedAt: issuedAt },
});
export const accountUnlocked = (): AccountUnlocked => ({
  type: 'Accounts.AccountUnlocked',
  data: { accountId, unlockedBy: operator, unlockedAt: issuedAt },
});
export const accountClosed = (): AccountClosed => ({
  type: 'Accounts.AccountClosed',
  data: { accountId, closedAt: issuedAt },
});

/** The history of an account that has just been locked by three wrong PINs. */
export const lockedHistory = () => [
  accountOpened(),
  authorizationFailed(1),
  authorizationFailed(2),
  authorizationFailed(3),
  accountLocked(3),
];
