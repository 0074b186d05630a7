/**
 * The commands the teller (ATM) decider accepts. Each carries the dispatcher's `commandId` and
 * `issuedAt` (see command-context.ts) besides its own fields. `RegisterAtm` and `RefillAtm` come from
 * operators; the others are issued by the ATM withdrawal and deposit sagas once the customer's PIN
 * was confirmed, so none of them carries a PIN.
 */

import type { CommandContext } from '../command-context.ts';
import type { Message } from '../decider.ts';
import type { Cents } from '../money.ts';
import type { AccountRefusalReason } from './teller-events.ts';

export interface RegisterAtmData extends CommandContext {
  readonly atmId: string;
  /** The cash loaded into the machine at registration; zero is allowed. */
  readonly initialCash: Cents;
}

export interface RefillAtmData extends CommandContext {
  readonly atmId: string;
  readonly amount: Cents;
}

export interface InitiateWithdrawalData extends CommandContext {
  readonly atmId: string;
  readonly withdrawalId: string;
  readonly accountId: string;
  readonly amount: Cents;
}

/** The account refused the debit: release the reservation. */
export interface DeclineWithdrawalData extends CommandContext {
  readonly atmId: string;
  readonly withdrawalId: string;
  readonly reason: AccountRefusalReason;
}

/** The account was debited: hand out the notes. */
export interface DispenseCashData extends CommandContext {
  readonly atmId: string;
  readonly withdrawalId: string;
}

/** The machine could not hand out the notes of a dispensed withdrawal. */
export interface ReportDispenseFaultData extends CommandContext {
  readonly atmId: string;
  readonly withdrawalId: string;
}

export interface InitiateDepositData extends CommandContext {
  readonly atmId: string;
  readonly depositId: string;
  readonly accountId: string;
  readonly amount: Cents;
}

/** The account was credited: keep the deposited notes. */
export interface AcceptDepositedCashData extends CommandContext {
  readonly atmId: string;
  readonly depositId: string;
}

/** The account refused the credit: hand the notes back. */
export interface DeclineDepositData extends CommandContext {
  readonly atmId: string;
  readonly depositId: string;
  readonly reason: AccountRefusalReason;
}

export type RegisterAtm = Message<'Tellers.RegisterAtm', RegisterAtmData>;
export type RefillAtm = Message<'Tellers.RefillAtm', RefillAtmData>;
export type InitiateWithdrawal = Message<'Tellers.InitiateWithdrawal', InitiateWithdrawalData>;
export type DeclineWithdrawal = Message<'Tellers.DeclineWithdrawal', DeclineWithdrawalData>;
export type DispenseCash = Message<'Tellers.DispenseCash', DispenseCashData>;
export type ReportDispenseFault = Message<'Tellers.ReportDispenseFault', ReportDispenseFaultData>;
export type InitiateDeposit = Message<'Tellers.InitiateDeposit', InitiateDepositData>;
export type AcceptDepositedCash = Message<'Tellers.AcceptDepositedCash', AcceptDepositedCashData>;
export type DeclineDeposit = Message<'Tellers.DeclineDeposit', DeclineDepositData>;

export type TellerCommand =
  | RegisterAtm
  | RefillAtm
  | InitiateWithdrawal
  | DeclineWithdrawal
  | DispenseCash
  | ReportDispenseFault
  | InitiateDeposit
  | AcceptDepositedCash
  | DeclineDeposit;

export type TellerCommandType = TellerCommand['type'];
