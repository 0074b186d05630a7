/**
 * Builders for teller (ATM) commands and events in tests: one ATM, the account of account-fixtures.ts,
 * fixed withdrawal and deposit ids, and the shared timestamps, so each test states only the amounts
 * and the ids it is about. Amounts are unchecked on purpose, so tests can also build invalid ones.
 */

import type { CommandContext } from '../../src/domain/command-context.ts';
import type { Cents } from '../../src/domain/money.ts';
import type {
  AcceptDepositedCash,
  DeclineDeposit,
  DeclineWithdrawal,
  DispenseCash,
  InitiateDeposit,
  InitiateWithdrawal,
  RefillAtm,
  RegisterAtm,
  ReportDispenseFault,
} from '../../src/domain/teller/teller-commands.ts';
import type {
  AccountRefusalReason,
  AtmRefilled,
  AtmRegistered,
  DepositDeclined,
  DepositInitiated,
  DispenseFaultReported,
  TellerMoneyDeposited,
  TellerMoneyWithdrawn,
  WithdrawalDeclined,
  WithdrawalDeclineReason,
  WithdrawalInitiated,
} from '../../src/domain/teller/teller-events.ts';
import { accountId, commandId, issuedAt } from './account-fixtures.ts';

export const atmId = '93f7ef47-f0ec-40ee-8732-070e899c9cf0';
export const withdrawalId = 'a73873fd-d88a-4aa7-b7cb-6de716800164';
export const otherWithdrawalId = '9c9514a1-58f2-40bd-97b4-850a077e9d33';
export const depositId = '8548696f-ebe1-411d-98e7-257ab65d05b2';
export const otherDepositId = 'c1a7d1df-4414-41d3-bd2a-2e5d31a11681';

const cents = (value: number): Cents => value as Cents;
const context = (): CommandContext => ({ commandId, issuedAt });

export const registerAtm = (initialCash: number): RegisterAtm => ({
  type: 'Tellers.RegisterAtm',
  data: { atmId, initialCash: cents(initialCash), ...context() },
});
export const refillAtm = (amount: number): RefillAtm => ({
  type: 'Tellers.RefillAtm',
  data: { atmId, amount: cents(amount), ...context() },
});
export const initiateWithdrawal = (amount: number, id = withdrawalId): InitiateWithdrawal => ({
  type: 'Tellers.InitiateWithdrawal',
  data: { atmId, withdrawalId: id, accountId, amount: cents(amount), ...context() },
});
export const declineWithdrawal = (reason: AccountRefusalReason, id = withdrawalId): DeclineWithdrawal => ({
  type: 'Tellers.DeclineWithdrawal',
  data: { atmId, withdrawalId: id, reason, ...context() },
});
export const dispenseCash = (id = withdrawalId): DispenseCash => ({
  type: 'Tellers.DispenseCash',
  data: { atmId, withdrawalId: id, ...context() },
});
export const reportDispenseFault = (id = withdrawalId): ReportDispenseFault => ({
  type: 'Tellers.ReportDispenseFault',
  data: { atmId, withdrawalId: id, ...context() },
});
export const initiateDeposit = (amount: number, id = depositId): InitiateDeposit => ({
  type: 'Tellers.InitiateDeposit',
  data: { atmId, depositId: id, accountId, amount: cents(amount), ...context() },
});
export const acceptDepositedCash = (id = depositId): AcceptDepositedCash => ({
  type: 'Tellers.AcceptDepositedCash',
  data: { atmId, depositId: id, ...context() },
});
export const declineDeposit = (reason: AccountRefusalReason, id = depositId): DeclineDeposit => ({
  type: 'Tellers.DeclineDeposit',
  data: { atmId, depositId: id, reason, ...context() },
});

export const atmRegistered = (initialCash: number): AtmRegistered => ({
  type: 'Tellers.AtmRegistered',
  data: { atmId, initialCash: cents(initialCash), registeredAt: issuedAt },
});
export const atmRefilled = (amount: number, oldCash: number): AtmRefilled => ({
  type: 'Tellers.AtmRefilled',
  data: { atmId, amount: cents(amount), oldCash: cents(oldCash), newCash: cents(oldCash + amount) },
});
export const withdrawalInitiated = (amount: number, reservedAfter: number, id = withdrawalId): WithdrawalInitiated => ({
  type: 'Tellers.WithdrawalInitiated',
  data: { atmId, withdrawalId: id, accountId, amount: cents(amount), reservedAfter: cents(reservedAfter) },
});
export const withdrawalDeclined = (
  amount: number,
  reason: WithdrawalDeclineReason,
  id = withdrawalId,
): WithdrawalDeclined => ({
  type: 'Tellers.WithdrawalDeclined',
  data: { atmId, withdrawalId: id, accountId, amount: cents(amount), reason },
});
export const tellerMoneyWithdrawn = (amount: number, oldCash: number, id = withdrawalId): TellerMoneyWithdrawn => ({
  type: 'Tellers.MoneyWithdrawn',
  data: {
    atmId,
    withdrawalId: id,
    accountId,
    amount: cents(amount),
    oldCash: cents(oldCash),
    newCash: cents(oldCash - amount),
  },
});
export const dispenseFaultReported = (amount: number, oldCash: number, id = withdrawalId): DispenseFaultReported => ({
  type: 'Tellers.DispenseFaultReported',
  data: {
    atmId,
    withdrawalId: id,
    accountId,
    amount: cents(amount),
    oldCash: cents(oldCash),
    newCash: cents(oldCash + amount),
  },
});
export const depositInitiated = (amount: number, id = depositId): DepositInitiated => ({
  type: 'Tellers.DepositInitiated',
  data: { atmId, depositId: id, accountId, amount: cents(amount) },
});
export const tellerMoneyDeposited = (amount: number, oldCash: number, id = depositId): TellerMoneyDeposited => ({
  type: 'Tellers.MoneyDeposited',
  data: {
    atmId,
    depositId: id,
    accountId,
    amount: cents(amount),
    oldCash: cents(oldCash),
    newCash: cents(oldCash + amount),
  },
});
export const depositDeclined = (amount: number, reason: AccountRefusalReason, id = depositId): DepositDeclined => ({
  type: 'Tellers.DepositDeclined',
  data: { atmId, depositId: id, accountId, amount: cents(amount), reason },
});
