/**
 * The teller decider: owns the stream `teller-<atmId>` (see `tellerStreamId` in ids.ts) and decides
 * the commands of one ATM, its cash and the withdrawals and deposits made at it. It keeps these
 * invariants:
 *
 * - an ATM is registered once (`AtmAlreadyRegistered`); every command on an ATM never registered is
 *   `AtmNotFound`;
 * - the cash is a whole number of cents, never negative and never past `Number.MAX_SAFE_INTEGER`
 *   (`CashOverflow`); amounts are positive (`InvalidAmount`, zero allowed only as initial cash);
 * - a withdrawal first reserves its amount; only `cash - reserved` can be reserved, so of two
 *   withdrawals racing for the last cash the second is declined (`WithdrawalDeclined` with reason
 *   `ATM_OUT_OF_CASH`, an event because the saga and the projections react to it);
 * - a reservation ends once: dispensed (the cash goes down) or declined (it is released). A dispense
 *   fault can follow a dispense only, once (the notes stay in the machine: the cash goes back up);
 * - a deposit is initiated, then either accepted (the cash goes up) or declined, once.
 *
 * Every saga command is idempotent: a withdrawal or deposit id already known, or a step already
 * taken, is accepted with no events, so a saga may repeat a command safely. The state keeps every
 * operation id for that (see teller-state.ts), so it grows with the ATM's history.
 */

import { accept, type Decider, type Decision, reject } from '../decider.ts';
import { addCents, type Cents, centsOrThrow, isCents, isValidAmount, subtractCents } from '../money.ts';
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
  TellerCommand,
} from './teller-commands.ts';
import type { TellerEvent } from './teller-events.ts';
import {
  atmAlreadyRegistered,
  atmNotFound,
  cashOverflow,
  depositAlreadyDeclined,
  depositNotFound,
  invalidCashAmount,
  type TellerRejection,
  withdrawalAlreadyDeclined,
  withdrawalNotDispensed,
  withdrawalNotFound,
} from './teller-rejections.ts';
import {
  availableCash,
  entryOf,
  evolveTeller,
  initialTellerState,
  type RegisteredTeller,
  type TellerState,
} from './teller-state.ts';

/** The ATM the application registers at start-up when none is configured. */
export const DEFAULT_ATM_ID = '1c915dd1-8bf0-4662-a2ce-60725b0c7de2';

/** The cash the default ATM starts with: 1,000,000.00. */
export const DEFAULT_ATM_INITIAL_CASH: Cents = centsOrThrow(100_000_000);

type TellerDecision = Decision<TellerEvent, TellerRejection>;

function decide(command: TellerCommand, state: TellerState): TellerDecision {
  if (command.type === 'Tellers.RegisterAtm') return registerAtm(command, state);
  if (state.status === 'unregistered') return reject(atmNotFound(command.data.atmId));
  switch (command.type) {
    case 'Tellers.RefillAtm':
      return refillAtm(command, state);
    case 'Tellers.InitiateWithdrawal':
      return initiateWithdrawal(command, state);
    case 'Tellers.DeclineWithdrawal':
      return declineWithdrawal(command, state);
    case 'Tellers.DispenseCash':
      return dispenseCash(command, state);
    case 'Tellers.ReportDispenseFault':
      return reportDispenseFault(command, state);
    case 'Tellers.InitiateDeposit':
      return initiateDeposit(command, state);
    case 'Tellers.AcceptDepositedCash':
      return acceptDepositedCash(command, state);
    case 'Tellers.DeclineDeposit':
      return declineDeposit(command, state);
  }
}

function registerAtm({ data }: RegisterAtm, state: TellerState): TellerDecision {
  const { atmId, initialCash, issuedAt } = data;
  if (state.status === 'registered') return reject(atmAlreadyRegistered(atmId));
  if (!isCents(initialCash)) return reject(invalidCashAmount(atmId, initialCash, true));
  return accept({ type: 'Tellers.AtmRegistered', data: { atmId, initialCash, registeredAt: issuedAt } });
}

function refillAtm({ data }: RefillAtm, state: RegisteredTeller): TellerDecision {
  const { atmId, amount } = data;
  if (!isValidAmount(amount)) return reject(invalidCashAmount(atmId, amount));
  const oldCash = state.cash;
  const newCash = addCents(oldCash, amount);
  if (newCash === null) return reject(cashOverflow(atmId, oldCash, amount));
  return accept({ type: 'Tellers.AtmRefilled', data: { atmId, amount, oldCash, newCash } });
}

/** Reserves the amount when the free cash allows it, else declines with ATM_OUT_OF_CASH. */
function initiateWithdrawal({ data }: InitiateWithdrawal, state: RegisteredTeller): TellerDecision {
  const { atmId, withdrawalId, accountId, amount } = data;
  if (entryOf(state.withdrawals, withdrawalId) !== undefined) return accept();
  if (!isValidAmount(amount)) return reject(invalidCashAmount(atmId, amount));
  if (availableCash(state) < amount) {
    return accept({
      type: 'Tellers.WithdrawalDeclined',
      data: { atmId, withdrawalId, accountId, amount, reason: 'ATM_OUT_OF_CASH' },
    });
  }
  // reserved + amount <= cash here, and cash is a safe integer, so the sum is exact.
  const reservedAfter = (state.reserved + amount) as Cents;
  return accept({
    type: 'Tellers.WithdrawalInitiated',
    data: { atmId, withdrawalId, accountId, amount, reservedAfter },
  });
}

/** Only a withdrawal still reserved is declined; any other (unknown, finished) changes nothing. */
function declineWithdrawal({ data }: DeclineWithdrawal, state: RegisteredTeller): TellerDecision {
  const { atmId, withdrawalId, reason } = data;
  const withdrawal = entryOf(state.withdrawals, withdrawalId);
  if (withdrawal?.status !== 'RESERVED') return accept();
  const { accountId, amount } = withdrawal;
  return accept({ type: 'Tellers.WithdrawalDeclined', data: { atmId, withdrawalId, accountId, amount, reason } });
}

function dispenseCash({ data }: DispenseCash, state: RegisteredTeller): TellerDecision {
  const { atmId, withdrawalId } = data;
  const withdrawal = entryOf(state.withdrawals, withdrawalId);
  if (withdrawal === undefined) return reject(withdrawalNotFound(atmId, withdrawalId));
  if (withdrawal.status === 'DECLINED') return reject(withdrawalAlreadyDeclined(atmId, withdrawalId));
  if (withdrawal.status !== 'RESERVED') return accept();
  const { accountId, amount } = withdrawal;
  const oldCash = state.cash;
  const newCash = subtractCents(oldCash, amount);
  if (newCash === null) {
    throw new Error(
      `ATM ${atmId} holds ${oldCash} cents but withdrawal ${withdrawalId} reserved ${amount}: ` +
        'the reservations exceed the cash, which the teller decider must never allow.',
    );
  }
  return accept({
    type: 'Tellers.MoneyWithdrawn',
    data: { atmId, withdrawalId, accountId, amount, oldCash, newCash },
  });
}

function reportDispenseFault({ data }: ReportDispenseFault, state: RegisteredTeller): TellerDecision {
  const { atmId, withdrawalId } = data;
  const withdrawal = entryOf(state.withdrawals, withdrawalId);
  if (withdrawal === undefined) return reject(withdrawalNotFound(atmId, withdrawalId));
  if (withdrawal.status === 'FAULTED') return accept();
  if (withdrawal.status !== 'DISPENSED') return reject(withdrawalNotDispensed(atmId, withdrawalId));
  const { accountId, amount } = withdrawal;
  const oldCash = state.cash;
  const newCash = addCents(oldCash, amount);
  if (newCash === null) return reject(cashOverflow(atmId, oldCash, amount));
  return accept({
    type: 'Tellers.DispenseFaultReported',
    data: { atmId, withdrawalId, accountId, amount, oldCash, newCash },
  });
}

/**
 * A deposit whose notes could not be counted into the cash later is refused up front (`CashOverflow`);
 * deposits initiated together could still pass the limit, which `AcceptDepositedCash` then refuses.
 */
function initiateDeposit({ data }: InitiateDeposit, state: RegisteredTeller): TellerDecision {
  const { atmId, depositId, accountId, amount } = data;
  if (entryOf(state.deposits, depositId) !== undefined) return accept();
  if (!isValidAmount(amount)) return reject(invalidCashAmount(atmId, amount));
  if (addCents(state.cash, amount) === null) return reject(cashOverflow(atmId, state.cash, amount));
  return accept({ type: 'Tellers.DepositInitiated', data: { atmId, depositId, accountId, amount } });
}

function acceptDepositedCash({ data }: AcceptDepositedCash, state: RegisteredTeller): TellerDecision {
  const { atmId, depositId } = data;
  const deposit = entryOf(state.deposits, depositId);
  if (deposit === undefined) return reject(depositNotFound(atmId, depositId));
  if (deposit.status === 'DECLINED') return reject(depositAlreadyDeclined(atmId, depositId));
  if (deposit.status === 'ACCEPTED') return accept();
  const { accountId, amount } = deposit;
  const oldCash = state.cash;
  const newCash = addCents(oldCash, amount);
  if (newCash === null) return reject(cashOverflow(atmId, oldCash, amount));
  return accept({ type: 'Tellers.MoneyDeposited', data: { atmId, depositId, accountId, amount, oldCash, newCash } });
}

/** Only a deposit still initiated is declined; any other (unknown, finished) changes nothing. */
function declineDeposit({ data }: DeclineDeposit, state: RegisteredTeller): TellerDecision {
  const { atmId, depositId, reason } = data;
  const deposit = entryOf(state.deposits, depositId);
  if (deposit?.status !== 'INITIATED') return accept();
  const { accountId, amount } = deposit;
  return accept({ type: 'Tellers.DepositDeclined', data: { atmId, depositId, accountId, amount, reason } });
}

export const tellerDecider: Decider<TellerCommand, TellerEvent, TellerState, TellerRejection> = {
  initialState: initialTellerState,
  decide,
  evolve: evolveTeller,
};
