/**
 * The events of an ATM's stream (`teller-<atmId>`). Type strings carry the original system's module
 * prefix (`Tellers.`) and are never renamed: a change of shape gets a new schema version and an
 * upcaster (see `teller-schemas.ts`). `cash` is the physical cash in the machine, in cents.
 *
 * A declined withdrawal or deposit is an event, not a rejection, because the ATM sagas and the
 * projections react to it (the outcome rule in DESIGN.md).
 */

import type { Message } from '../decider.ts';
import type { Cents } from '../money.ts';

/**
 * Why the account refused the debit or credit of an ATM operation: the account's rejection code in
 * upper snake case, or `ACCOUNT_REJECTED` for a refusal the sagas have no name for.
 */
export type AccountRefusalReason =
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_CLOSED'
  | 'INVALID_AMOUNT'
  | 'INSUFFICIENT_FUNDS'
  | 'BALANCE_OVERFLOW'
  | 'ACCOUNT_REJECTED';

export const ACCOUNT_REFUSAL_REASONS: readonly AccountRefusalReason[] = [
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_CLOSED',
  'INVALID_AMOUNT',
  'INSUFFICIENT_FUNDS',
  'BALANCE_OVERFLOW',
  'ACCOUNT_REJECTED',
];

/** A withdrawal is declined by the ATM itself (not enough cash left to reserve) or by the account. */
export type WithdrawalDeclineReason = 'ATM_OUT_OF_CASH' | AccountRefusalReason;

export const WITHDRAWAL_DECLINE_REASONS: readonly WithdrawalDeclineReason[] = [
  'ATM_OUT_OF_CASH',
  ...ACCOUNT_REFUSAL_REASONS,
];

export type DepositDeclineReason = AccountRefusalReason;

export interface AtmRegisteredData {
  readonly atmId: string;
  readonly initialCash: Cents;
  readonly registeredAt: string;
}

export interface AtmRefilledData {
  readonly atmId: string;
  readonly amount: Cents;
  readonly oldCash: Cents;
  readonly newCash: Cents;
}

/** The amount is reserved: it stays in the machine but no other withdrawal can claim it. */
export interface WithdrawalInitiatedData {
  readonly atmId: string;
  readonly withdrawalId: string;
  readonly accountId: string;
  readonly amount: Cents;
  /** All the cash reserved on this ATM after this reservation. */
  readonly reservedAfter: Cents;
}

/** A withdrawal that will not be paid out; its reservation, if it had one, is released. */
export interface WithdrawalDeclinedData {
  readonly atmId: string;
  readonly withdrawalId: string;
  readonly accountId: string;
  readonly amount: Cents;
  readonly reason: WithdrawalDeclineReason;
}

/** The notes were handed out: the reservation is consumed and the cash goes down by the amount. */
export interface TellerMoneyWithdrawnData {
  readonly atmId: string;
  readonly withdrawalId: string;
  readonly accountId: string;
  readonly amount: Cents;
  readonly oldCash: Cents;
  readonly newCash: Cents;
}

/** The ATM could not hand out the notes of a withdrawal already dispensed: they stay in the machine. */
export interface DispenseFaultReportedData {
  readonly atmId: string;
  readonly withdrawalId: string;
  readonly accountId: string;
  readonly amount: Cents;
  readonly oldCash: Cents;
  readonly newCash: Cents;
}

export interface DepositInitiatedData {
  readonly atmId: string;
  readonly depositId: string;
  readonly accountId: string;
  readonly amount: Cents;
}

/** The deposited notes are kept, once the account was credited: the cash goes up by the amount. */
export interface TellerMoneyDepositedData {
  readonly atmId: string;
  readonly depositId: string;
  readonly accountId: string;
  readonly amount: Cents;
  readonly oldCash: Cents;
  readonly newCash: Cents;
}

/** A deposit the account refused: the notes are handed back, the cash does not change. */
export interface DepositDeclinedData {
  readonly atmId: string;
  readonly depositId: string;
  readonly accountId: string;
  readonly amount: Cents;
  readonly reason: DepositDeclineReason;
}

export type AtmRegistered = Message<'Tellers.AtmRegistered', AtmRegisteredData>;
export type AtmRefilled = Message<'Tellers.AtmRefilled', AtmRefilledData>;
export type WithdrawalInitiated = Message<'Tellers.WithdrawalInitiated', WithdrawalInitiatedData>;
export type WithdrawalDeclined = Message<'Tellers.WithdrawalDeclined', WithdrawalDeclinedData>;
export type TellerMoneyWithdrawn = Message<'Tellers.MoneyWithdrawn', TellerMoneyWithdrawnData>;
export type DispenseFaultReported = Message<'Tellers.DispenseFaultReported', DispenseFaultReportedData>;
export type DepositInitiated = Message<'Tellers.DepositInitiated', DepositInitiatedData>;
export type TellerMoneyDeposited = Message<'Tellers.MoneyDeposited', TellerMoneyDepositedData>;
export type DepositDeclined = Message<'Tellers.DepositDeclined', DepositDeclinedData>;

export type TellerEvent =
  | AtmRegistered
  | AtmRefilled
  | WithdrawalInitiated
  | WithdrawalDeclined
  | TellerMoneyWithdrawn
  | DispenseFaultReported
  | DepositInitiated
  | TellerMoneyDeposited
  | DepositDeclined;

export type TellerEventType = TellerEvent['type'];
