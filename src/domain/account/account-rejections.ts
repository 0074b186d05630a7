/**
 * The refusals of the account decider that only the caller cares about (the outcome rule in
 * DESIGN.md): returned as values, never appended. Each `code` names the reason and is what the GraphQL
 * layer maps to an error type of the same name; `details` carries the values a client may show, and
 * `message` is a sentence for a person. Tests compare `code` and `details`, never `message`.
 */

import type { Rejection } from '../decider.ts';
import { type Cents, formatCents } from '../money.ts';

interface AccountRejectionOf<Code extends string, Details> extends Rejection<Code, Details> {
  readonly details: Details;
}

interface AccountDetails {
  readonly accountId: string;
}

export type AccountNotFound = AccountRejectionOf<'AccountNotFound', AccountDetails>;
export type AccountAlreadyOpened = AccountRejectionOf<'AccountAlreadyOpened', AccountDetails>;
export type AccountClosedRejection = AccountRejectionOf<'AccountClosed', AccountDetails>;
export type InvalidAmount = AccountRejectionOf<'InvalidAmount', AccountDetails & { readonly amount: number }>;
export type InsufficientFunds = AccountRejectionOf<
  'InsufficientFunds',
  AccountDetails & { readonly balance: Cents; readonly requested: Cents }
>;
export type BalanceOverflow = AccountRejectionOf<
  'BalanceOverflow',
  AccountDetails & { readonly balance: Cents; readonly amount: Cents }
>;
export type BalanceNotZero = AccountRejectionOf<'BalanceNotZero', AccountDetails & { readonly balance: Cents }>;

export type AccountRejection =
  | AccountNotFound
  | AccountAlreadyOpened
  | AccountClosedRejection
  | InvalidAmount
  | InsufficientFunds
  | BalanceOverflow
  | BalanceNotZero;

export type AccountRejectionCode = AccountRejection['code'];

export function accountNotFound(accountId: string): AccountNotFound {
  return {
    code: 'AccountNotFound',
    message: `There is no account ${accountId}. Check the account id, or open the account first.`,
    details: { accountId },
  };
}

export function accountAlreadyOpened(accountId: string): AccountAlreadyOpened {
  return {
    code: 'AccountAlreadyOpened',
    message: `Account ${accountId} was already opened; an account id can be opened only once.`,
    details: { accountId },
  };
}

export function accountClosed(accountId: string): AccountClosedRejection {
  return {
    code: 'AccountClosed',
    message: `Account ${accountId} is closed and accepts no more deposits, withdrawals or changes.`,
    details: { accountId },
  };
}

export function invalidAmount(accountId: string, amount: number): InvalidAmount {
  return {
    code: 'InvalidAmount',
    message:
      `An amount must be a whole, positive number of cents no larger than ${Number.MAX_SAFE_INTEGER}; ` +
      `got ${String(amount)}.`,
    details: { accountId, amount },
  };
}

export function insufficientFunds(accountId: string, balance: Cents, requested: Cents): InsufficientFunds {
  return {
    code: 'InsufficientFunds',
    message: `Account ${accountId} holds ${formatCents(balance)}, less than the ${formatCents(requested)} requested.`,
    details: { accountId, balance, requested },
  };
}

export function balanceOverflow(accountId: string, balance: Cents, amount: Cents): BalanceOverflow {
  return {
    code: 'BalanceOverflow',
    message:
      `Crediting ${formatCents(amount)} (a deposit or a refund) would take account ${accountId} past the ` +
      'largest balance it can hold exactly.',
    details: { accountId, balance, amount },
  };
}

export function balanceNotZero(accountId: string, balance: Cents): BalanceNotZero {
  return {
    code: 'BalanceNotZero',
    message: `Account ${accountId} still holds ${formatCents(balance)}; withdraw everything before closing it.`,
    details: { accountId, balance },
  };
}
