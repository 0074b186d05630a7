/**
 * Builders for the account's side of the ATM sagas: authorizations with a purpose, debits and credits
 * carrying the withdrawal or deposit id and the ATM id, and refunds. They reuse the account, ids and
 * timestamps of account-fixtures.ts and teller-fixtures.ts.
 */

import type {
  ConfirmAuthorization,
  DepositMoney,
  RefundWithdrawal,
  WithdrawMoney,
} from '../../src/domain/account/account-commands.ts';
import type {
  AuthorizationConfirmed,
  AuthorizationFailed,
  AuthorizationFailureReason,
  AuthorizationPurpose,
  MoneyDeposited,
  MoneyWithdrawn,
  WithdrawalRefunded,
} from '../../src/domain/account/account-events.ts';
import type { Cents } from '../../src/domain/money.ts';
import { accountId, commandId, issuedAt, moneyDeposited, moneyWithdrawn } from './account-fixtures.ts';
import { atmId, depositId, withdrawalId } from './teller-fixtures.ts';

const cents = (value: number): Cents => value as Cents;

export const withdrawalPurpose = (amount: number, id = withdrawalId): AuthorizationPurpose => ({
  kind: 'withdrawal',
  operationId: id,
  atmId,
  amount: cents(amount),
});
export const depositPurpose = (amount: number, id = depositId): AuthorizationPurpose => ({
  kind: 'deposit',
  operationId: id,
  atmId,
  amount: cents(amount),
});

export const confirmAuthorizationFor = (pinMatches: boolean, purpose: AuthorizationPurpose): ConfirmAuthorization => ({
  type: 'Accounts.ConfirmAuthorization',
  data: { accountId, pinMatches, purpose, commandId, issuedAt },
});
export const authorizationConfirmedFor = (purpose: AuthorizationPurpose): AuthorizationConfirmed => ({
  type: 'Accounts.AuthorizationConfirmed',
  data: { accountId, confirmedAt: issuedAt, purpose },
});
export const authorizationFailedFor = (
  purpose: AuthorizationPurpose,
  consecutiveFailures: number,
  reason: AuthorizationFailureReason = 'WRONG_PIN',
): AuthorizationFailed => ({
  type: 'Accounts.AuthorizationFailed',
  data: { accountId, reason, consecutiveFailures, failedAt: issuedAt, purpose },
});

export const atmWithdrawMoney = (amount: number, id = withdrawalId): WithdrawMoney => ({
  type: 'Accounts.WithdrawMoney',
  data: { accountId, amount: cents(amount), withdrawalId: id, atmId, commandId, issuedAt },
});
export const atmMoneyWithdrawn = (amount: number, oldBalance: number, id = withdrawalId): MoneyWithdrawn => {
  const { data } = moneyWithdrawn(amount, oldBalance);
  return { type: 'Accounts.MoneyWithdrawn', data: { ...data, withdrawalId: id, atmId } };
};
export const atmDepositMoney = (amount: number, id = depositId): DepositMoney => ({
  type: 'Accounts.DepositMoney',
  data: { accountId, amount: cents(amount), depositId: id, atmId, commandId, issuedAt },
});
export const atmMoneyDeposited = (amount: number, oldBalance: number, id = depositId): MoneyDeposited => {
  const { data } = moneyDeposited(amount, oldBalance);
  return { type: 'Accounts.MoneyDeposited', data: { ...data, depositId: id, atmId } };
};

export const refundWithdrawal = (amount: number, id = withdrawalId): RefundWithdrawal => ({
  type: 'Accounts.RefundWithdrawal',
  data: { accountId, withdrawalId: id, amount: cents(amount), commandId, issuedAt },
});
export const withdrawalRefunded = (amount: number, oldBalance: number, id = withdrawalId): WithdrawalRefunded => ({
  type: 'Accounts.WithdrawalRefunded',
  data: {
    accountId,
    withdrawalId: id,
    amount: cents(amount),
    oldBalance: cents(oldBalance),
    newBalance: cents(oldBalance + amount),
    refundedAt: issuedAt,
  },
});
