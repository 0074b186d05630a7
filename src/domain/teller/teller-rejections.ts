/**
 * The refusals of the teller decider that only the caller cares about (the outcome rule in
 * DESIGN.md): returned as values, never appended. A withdrawal the ATM cannot pay out is not one of
 * them: it is the `WithdrawalDeclined` event, because the saga and the projections react to it.
 * Tests compare `code` and `details`, never `message`.
 */

import type { Rejection } from '../decider.ts';
import { type Cents, formatCents } from '../money.ts';

interface TellerRejectionOf<Code extends string, Details> extends Rejection<Code, Details> {
  readonly details: Details;
}

interface AtmDetails {
  readonly atmId: string;
}

interface WithdrawalDetails extends AtmDetails {
  readonly withdrawalId: string;
}

interface DepositDetails extends AtmDetails {
  readonly depositId: string;
}

export type AtmNotFound = TellerRejectionOf<'AtmNotFound', AtmDetails>;
export type AtmAlreadyRegistered = TellerRejectionOf<'AtmAlreadyRegistered', AtmDetails>;
export type InvalidCashAmount = TellerRejectionOf<'InvalidAmount', AtmDetails & { readonly amount: number }>;
export type CashOverflow = TellerRejectionOf<'CashOverflow', AtmDetails & { readonly cash: Cents; readonly amount: Cents }>;
export type WithdrawalNotFound = TellerRejectionOf<'WithdrawalNotFound', WithdrawalDetails>;
export type WithdrawalAlreadyDeclined = TellerRejectionOf<'WithdrawalAlreadyDeclined', WithdrawalDetails>;
export type WithdrawalNotDispensed = TellerRejectionOf<'WithdrawalNotDispensed', WithdrawalDetails>;
export type DepositNotFound = TellerRejectionOf<'DepositNotFound', DepositDetails>;
export type DepositAlreadyDeclined = TellerRejectionOf<'DepositAlreadyDeclined', DepositDetails>;

export type TellerRejection =
  | AtmNotFound
  | AtmAlreadyRegistered
  | InvalidCashAmount
  | CashOverflow
  | WithdrawalNotFound
  | WithdrawalAlreadyDeclined
  | WithdrawalNotDispensed
  | DepositNotFound
  | DepositAlreadyDeclined;

export type TellerRejectionCode = TellerRejection['code'];

export function atmNotFound(atmId: string): AtmNotFound {
  return {
    code: 'AtmNotFound',
    message: `There is no ATM ${atmId}. Check the ATM id, or register the ATM first.`,
    details: { atmId },
  };
}

export function atmAlreadyRegistered(atmId: string): AtmAlreadyRegistered {
  return {
    code: 'AtmAlreadyRegistered',
    message: `ATM ${atmId} is already registered; to add cash to it, refill it.`,
    details: { atmId },
  };
}

export function invalidCashAmount(atmId: string, amount: number, zeroAllowed = false): InvalidCashAmount {
  const kind = zeroAllowed ? 'non-negative' : 'positive';
  return {
    code: 'InvalidAmount',
    message:
      `An amount of cash for ATM ${atmId} must be a whole, ${kind} number of cents no larger than ` +
      `${Number.MAX_SAFE_INTEGER}; got ${String(amount)}.`,
    details: { atmId, amount },
  };
}

export function cashOverflow(atmId: string, cash: Cents, amount: Cents): CashOverflow {
  return {
    code: 'CashOverflow',
    message:
      `ATM ${atmId} holds ${formatCents(cash)}; adding ${formatCents(amount)} would pass the largest amount ` +
      'it can count exactly.',
    details: { atmId, cash, amount },
  };
}

export function withdrawalNotFound(atmId: string, withdrawalId: string): WithdrawalNotFound {
  return {
    code: 'WithdrawalNotFound',
    message: `ATM ${atmId} has no withdrawal ${withdrawalId}; a withdrawal must be initiated first.`,
    details: { atmId, withdrawalId },
  };
}

export function withdrawalAlreadyDeclined(atmId: string, withdrawalId: string): WithdrawalAlreadyDeclined {
  return {
    code: 'WithdrawalAlreadyDeclined',
    message: `Withdrawal ${withdrawalId} at ATM ${atmId} was declined and its cash released; it cannot be paid out.`,
    details: { atmId, withdrawalId },
  };
}

export function withdrawalNotDispensed(atmId: string, withdrawalId: string): WithdrawalNotDispensed {
  return {
    code: 'WithdrawalNotDispensed',
    message:
      `Withdrawal ${withdrawalId} at ATM ${atmId} was never dispensed, so there is no dispense fault to ` +
      'report; decline it instead if it must not go on.',
    details: { atmId, withdrawalId },
  };
}

export function depositNotFound(atmId: string, depositId: string): DepositNotFound {
  return {
    code: 'DepositNotFound',
    message: `ATM ${atmId} has no deposit ${depositId}; a deposit must be initiated first.`,
    details: { atmId, depositId },
  };
}

export function depositAlreadyDeclined(atmId: string, depositId: string): DepositAlreadyDeclined {
  return {
    code: 'DepositAlreadyDeclined',
    message: `Deposit ${depositId} at ATM ${atmId} was declined and its notes handed back; it cannot be kept.`,
    details: { atmId, depositId },
  };
}
