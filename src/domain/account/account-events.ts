/**
 * The events of an account stream (`account-<accountId>`). Their type strings keep the original
 * system's module prefix (`Accounts.`) and are never renamed: a change of shape gets a new schema
 * version and an upcaster (see `account-schemas.ts`). Timestamps are copied from the command.
 */

import type { Message } from '../decider.ts';
import type { Cents } from '../money.ts';
import type { PinHash } from './account-pin.ts';

export interface AccountOpenedData {
  readonly accountId: string;
  readonly owner: string;
  readonly pinHash: PinHash;
  readonly openedAt: string;
}

export interface MoneyDepositedData {
  readonly accountId: string;
  readonly amount: Cents;
  readonly oldBalance: Cents;
  readonly newBalance: Cents;
  readonly depositedAt: string;
  /** Present on a deposit made at an ATM: the deposit id the saga follows. */
  readonly depositId?: string;
  /** Present on a deposit made at an ATM: the ATM that took the cash. */
  readonly atmId?: string;
}

export interface MoneyWithdrawnData {
  readonly accountId: string;
  readonly amount: Cents;
  readonly oldBalance: Cents;
  readonly newBalance: Cents;
  readonly withdrawnAt: string;
  /** Present on a withdrawal made at an ATM: the withdrawal id the saga follows. */
  readonly withdrawalId?: string;
  /** Present on a withdrawal made at an ATM: the ATM that hands out the cash. */
  readonly atmId?: string;
}

export type AuthorizationPurposeKind = 'withdrawal' | 'deposit';

export const AUTHORIZATION_PURPOSE_KINDS: readonly AuthorizationPurposeKind[] = ['withdrawal', 'deposit'];

/**
 * What a PIN authorization at an ATM is for. It travels from `ConfirmAuthorization` into the
 * authorization event unchanged, so the ATM sagas can start from stored events alone.
 */
export interface AuthorizationPurpose {
  readonly kind: AuthorizationPurposeKind;
  /** The withdrawal id or the deposit id (a UUID) the ATM operation is known by. */
  readonly operationId: string;
  readonly atmId: string;
  readonly amount: Cents;
}

export interface AuthorizationConfirmedData {
  readonly accountId: string;
  readonly confirmedAt: string;
  readonly purpose?: AuthorizationPurpose;
}

/**
 * Why an authorization failed: the PIN did not match, the account is locked after too many wrong
 * PINs, or the account is closed. All three are events because the ATM withdrawal saga reacts to them.
 */
export type AuthorizationFailureReason = 'WRONG_PIN' | 'ACCOUNT_LOCKED' | 'ACCOUNT_CLOSED';

export const AUTHORIZATION_FAILURE_REASONS: readonly AuthorizationFailureReason[] = [
  'WRONG_PIN',
  'ACCOUNT_LOCKED',
  'ACCOUNT_CLOSED',
];

export interface AuthorizationFailedData {
  readonly accountId: string;
  readonly reason: AuthorizationFailureReason;
  /** Wrong PINs in a row after this event (a refusal of a locked or closed account does not add one). */
  readonly consecutiveFailures: number;
  readonly failedAt: string;
  readonly purpose?: AuthorizationPurpose;
}

export interface AccountLockedData {
  readonly accountId: string;
  readonly consecutiveFailures: number;
  readonly lockedAt: string;
}

export interface AccountUnlockedData {
  readonly accountId: string;
  readonly unlockedBy: string;
  readonly unlockedAt: string;
}

export interface AccountClosedData {
  readonly accountId: string;
  readonly closedAt: string;
}

/** The money of an ATM withdrawal given back after the ATM failed to hand out the notes. */
export interface WithdrawalRefundedData {
  readonly accountId: string;
  readonly withdrawalId: string;
  readonly amount: Cents;
  readonly oldBalance: Cents;
  readonly newBalance: Cents;
  readonly refundedAt: string;
}

export type AccountOpened = Message<'Accounts.AccountOpened', AccountOpenedData>;
export type MoneyDeposited = Message<'Accounts.MoneyDeposited', MoneyDepositedData>;
export type MoneyWithdrawn = Message<'Accounts.MoneyWithdrawn', MoneyWithdrawnData>;
export type AuthorizationConfirmed = Message<'Accounts.AuthorizationConfirmed', AuthorizationConfirmedData>;
export type AuthorizationFailed = Message<'Accounts.AuthorizationFailed', AuthorizationFailedData>;
export type AccountLocked = Message<'Accounts.AccountLocked', AccountLockedData>;
export type AccountUnlocked = Message<'Accounts.AccountUnlocked', AccountUnlockedData>;
export type AccountClosed = Message<'Accounts.AccountClosed', AccountClosedData>;
export type WithdrawalRefunded = Message<'Accounts.WithdrawalRefunded', WithdrawalRefundedData>;

export type AccountEvent =
  | AccountOpened
  | MoneyDeposited
  | MoneyWithdrawn
  | AuthorizationConfirmed
  | AuthorizationFailed
  | AccountLocked
  | AccountUnlocked
  | AccountClosed
  | WithdrawalRefunded;

export type AccountEventType = AccountEvent['type'];
