/**
 * The commands the account decider accepts. Each carries, besides its own fields, the `commandId`
 * (a UUID) and `issuedAt` (an ISO-8601 UTC timestamp) the dispatcher stamps on it: the decider takes
 * time and ids from there and never from a clock.
 *
 * No command carries a plain PIN. The application layer hashes the PIN before `OpenAccount`
 * (`pinHash`) and compares it before `ConfirmAuthorization` (`pinMatches`), see `account-pin.ts`.
 */

import type { CommandContext } from '../command-context.ts';
import type { Message } from '../decider.ts';
import type { Cents } from '../money.ts';
import type { AuthorizationPurpose } from './account-events.ts';
import type { PinHash } from './account-pin.ts';

/** Stamped on every command by the dispatcher; shared by every aggregate, see command-context.ts. */
export type { CommandContext };

export interface OpenAccountData extends CommandContext {
  readonly accountId: string;
  readonly owner: string;
  readonly pinHash: PinHash;
  readonly openedAt: string;
}

export interface DepositMoneyData extends CommandContext {
  readonly accountId: string;
  readonly amount: Cents;
  /** Set by the ATM deposit saga: the deposit (a UUID) this credit belongs to, copied into the event. */
  readonly depositId?: string;
  /** Set by the ATM deposit saga: the ATM that took the cash, copied into the event. */
  readonly atmId?: string;
}

export interface WithdrawMoneyData extends CommandContext {
  readonly accountId: string;
  readonly amount: Cents;
  /** Set by the ATM withdrawal saga: the withdrawal (a UUID) this debit belongs to, copied into the event. */
  readonly withdrawalId?: string;
  /** Set by the ATM withdrawal saga: the ATM that will hand out the cash, copied into the event. */
  readonly atmId?: string;
}

export interface ConfirmAuthorizationData extends CommandContext {
  readonly accountId: string;
  /** Whether the PIN typed at the ATM matched the account's hash, as checked by the application layer. */
  readonly pinMatches: boolean;
  /**
   * What the authorization is for, copied verbatim into `AuthorizationConfirmed`/`AuthorizationFailed`:
   * the ATM sagas learn from the stored event alone which withdrawal or deposit was authorized.
   */
  readonly purpose?: AuthorizationPurpose;
}

/**
 * Gives back the money of an ATM withdrawal whose notes the ATM could not hand out (the saga's
 * compensation after `Tellers.DispenseFaultReported`). Applied once per withdrawal id.
 */
export interface RefundWithdrawalData extends CommandContext {
  readonly accountId: string;
  readonly withdrawalId: string;
  readonly amount: Cents;
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
export type RefundWithdrawal = Message<'Accounts.RefundWithdrawal', RefundWithdrawalData>;

export type AccountCommand =
  | OpenAccount
  | DepositMoney
  | WithdrawMoney
  | ConfirmAuthorization
  | UnlockAccount
  | CloseAccount
  | RefundWithdrawal;

export type AccountCommandType = AccountCommand['type'];
