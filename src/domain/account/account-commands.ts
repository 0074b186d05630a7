/**
 * The commands the account decider accepts. Each carries, besides its own fields, the `commandId`
 * (a UUID) and `issuedAt` (an ISO-8601 UTC timestamp) the dispatcher stamps on it: the decider takes
 * time and ids from there and never from a clock.
 *
 * No command carries a plain PIN. The application layer hashes the PIN before `OpenAccount`
 * (`pinHash`) and compares it before `ConfirmAuthorization` (`pinMatches`), see `account-pin.ts`.
 */

import type { Message } from '../decider.ts';
import type { Cents } from '../money.ts';
import type { PinHash } from './account-pin.ts';

/** Stamped on every command by the dispatcher. */
export interface CommandContext {
  /** A UUID; also the causation id of the events the command produces. */
  readonly commandId: string;
  /** When the command was issued, as an ISO-8601 UTC string (`2026-11-26T14:00:00.000Z`). */
  readonly issuedAt: string;
}

export interface OpenAccountData extends CommandContext {
  readonly accountId: string;
  readonly owner: string;
  readonly pinHash: PinHash;
  readonly openedAt: string;
}

export interface DepositMoneyData extends CommandContext {
  readonly accountId: string;
  readonly amount: Cents;
}

export interface WithdrawMoneyData extends CommandContext {
  readonly accountId: string;
  readonly amount: Cents;
}

export interface ConfirmAuthorizationData extends CommandContext {
  readonly accountId: string;
  /** Whether the PIN typed at the ATM matched the account's hash, as checked by the application layer. */
  readonly pinMatches: boolean;
}

export interface UnlockAccountData extends CommandContext {
  readonly accountId: string;
  /** Who lifted the lock: the operator's name or id, kept for the audit trail. */
  readonly unlockedBy: string;
}

export interface CloseAccountData extends CommandContext {
  readonly accountId: string;
}

export type OpenAccount = Message<'Accounts.OpenAccount', OpenAccountData>;
export type DepositMoney = Message<'Accounts.DepositMoney', DepositMoneyData>;
export type WithdrawMoney = Message<'Accounts.WithdrawMoney', WithdrawMoneyData>;
export type ConfirmAuthorization = Message<'Accounts.ConfirmAuthorization', ConfirmAuthorizationData>;
export type UnlockAccount = Message<'Accounts.UnlockAccount', UnlockAccountData>;
export type CloseAccount = Message<'Accounts.CloseAccount', CloseAccountData>;

export type AccountCommand =
  | OpenAccount
  | DepositMoney
  | WithdrawMoney
  | ConfirmAuthorization
  | UnlockAccount
  | CloseAccount;

export type AccountCommandType = AccountCommand['type'];
