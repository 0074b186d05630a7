/**
 * The ATM withdrawal saga: one instance per withdrawal id, from the confirmed PIN to the notes in the
 * customer's hand. It only reads events and emits commands (process-manager.ts):
 *
 * 1. `Accounts.AuthorizationConfirmed` whose purpose is a withdrawal starts it → `Tellers.InitiateWithdrawal`
 *    (the ATM reserves the cash, or declines with ATM_OUT_OF_CASH);
 * 2. `Tellers.WithdrawalInitiated` → `Accounts.WithdrawMoney` carrying the withdrawal and ATM ids;
 *    a refusal of that debit (insufficient funds, closed account, …) → `Tellers.DeclineWithdrawal`,
 *    which releases the reservation;
 * 3. `Accounts.MoneyWithdrawn` carrying a withdrawal id → `Tellers.DispenseCash`;
 * 4. `Tellers.MoneyWithdrawn` stops it: COMPLETED. `Tellers.WithdrawalDeclined` stops it: DECLINED.
 *    `Accounts.AuthorizationFailed` for a withdrawal (wrong PIN, locked or closed account) stops it
 *    before anything was reserved: DECLINED, no commands;
 * 5. the compensation: `Tellers.DispenseFaultReported` (the notes stayed in the machine after the
 *    account was debited) → `Accounts.RefundWithdrawal` (REFUNDING), and `Accounts.WithdrawalRefunded`
 *    stops it: REFUNDED. The fault comes after the instance stopped as COMPLETED, so it continues a
 *    fresh instance; the refund is built from the fault event alone.
 *
 * Every command is built from the data of the event that causes it, and every step is idempotent on
 * the receiving aggregate, so a redelivered event is harmless. A refused teller command (an ATM never
 * registered, say) has no compensation here: the ATM service checks the ATM before asking for the PIN.
 */

import type { RefundWithdrawal, WithdrawMoney } from '../account/account-commands.ts';
import type {
  AuthorizationConfirmed,
  AuthorizationFailed,
  AuthorizationFailureReason,
  MoneyWithdrawn,
  WithdrawalRefunded,
} from '../account/account-events.ts';
import type { AccountRejectionCode } from '../account/account-rejections.ts';
import type { Rejection } from '../decider.ts';
import type { Cents } from '../money.ts';
import type { ProcessManager, UnstampedCommand } from '../process-manager.ts';
import type { DeclineWithdrawal, DispenseCash, InitiateWithdrawal } from '../teller/teller-commands.ts';
import type {
  AccountRefusalReason,
  DispenseFaultReported,
  TellerMoneyWithdrawn,
  WithdrawalDeclined,
  WithdrawalDeclineReason,
  WithdrawalInitiated,
} from '../teller/teller-events.ts';

export type AtmWithdrawalEvent =
  | AuthorizationConfirmed
  | AuthorizationFailed
  | WithdrawalInitiated
  | MoneyWithdrawn
  | TellerMoneyWithdrawn
  | WithdrawalDeclined
  | DispenseFaultReported
  | WithdrawalRefunded;

export type AtmWithdrawalCommand = InitiateWithdrawal | WithdrawMoney | DeclineWithdrawal | DispenseCash | RefundWithdrawal;

type Command = UnstampedCommand<AtmWithdrawalCommand>;

/** NOT_STARTED only before the first event; REFUNDING between the dispense fault and the refund. */
export type AtmWithdrawalStatus = 'NOT_STARTED' | 'PENDING' | 'COMPLETED' | 'DECLINED' | 'REFUNDING' | 'REFUNDED';

/** Declined by the ATM or the account (a teller reason), or at the PIN check (an authorization reason). */
export type AtmWithdrawalDeclineReason = WithdrawalDeclineReason | AuthorizationFailureReason;

/** Each field is filled from the first event that carries it. */
export interface AtmWithdrawalState {
  readonly status: AtmWithdrawalStatus;
  readonly withdrawalId: string | null;
  readonly accountId: string | null;
  readonly atmId: string | null;
  readonly amount: Cents | null;
  readonly declineReason: AtmWithdrawalDeclineReason | null;
}

export const initialAtmWithdrawalState: AtmWithdrawalState = {
  status: 'NOT_STARTED',
  withdrawalId: null,
  accountId: null,
  atmId: null,
  amount: null,
  declineReason: null,
};

/** The account's refusals of a debit, as the teller names them; any other code is ACCOUNT_REJECTED. */
const REFUSAL_REASONS: Partial<Record<AccountRejectionCode, AccountRefusalReason>> = {
  AccountNotFound: 'ACCOUNT_NOT_FOUND',
  AccountClosed: 'ACCOUNT_CLOSED',
  InvalidAmount: 'INVALID_AMOUNT',
  InsufficientFunds: 'INSUFFICIENT_FUNDS',
};

export function withdrawalRefusalReasonOf(rejectionCode: string): AccountRefusalReason {
  const known = Object.hasOwn(REFUSAL_REASONS, rejectionCode);
  return (known ? REFUSAL_REASONS[rejectionCode as AccountRejectionCode] : undefined) ?? 'ACCOUNT_REJECTED';
}

function instanceId(event: AtmWithdrawalEvent): string | null {
  switch (event.type) {
    case 'Accounts.AuthorizationConfirmed':
    case 'Accounts.AuthorizationFailed':
      return event.data.purpose?.kind === 'withdrawal' ? event.data.purpose.operationId : null;
    case 'Accounts.MoneyWithdrawn':
      return event.data.atmId === undefined ? null : (event.data.withdrawalId ?? null);
    default:
      return event.data.withdrawalId;
  }
}

type Details = Partial<Pick<AtmWithdrawalState, 'withdrawalId' | 'accountId' | 'atmId' | 'amount'>>;

function detailsOf(event: AtmWithdrawalEvent): Details {
  switch (event.type) {
    case 'Accounts.AuthorizationConfirmed':
    case 'Accounts.AuthorizationFailed': {
      const { accountId, purpose } = event.data;
      return purpose === undefined
        ? { accountId }
        : { accountId, withdrawalId: purpose.operationId, atmId: purpose.atmId, amount: purpose.amount };
    }
    default: {
      const { withdrawalId, accountId, amount } = event.data;
      const atmId = 'atmId' in event.data ? event.data.atmId : undefined;
      return { withdrawalId, accountId, amount, ...(atmId === undefined ? {} : { atmId }) };
    }
  }
}

type StatusChange = Pick<AtmWithdrawalState, 'status'> & { readonly declineReason?: AtmWithdrawalDeclineReason };

function statusAfter(event: AtmWithdrawalEvent): StatusChange {
  switch (event.type) {
    case 'Accounts.AuthorizationFailed':
    case 'Tellers.WithdrawalDeclined':
      return { status: 'DECLINED', declineReason: event.data.reason };
    case 'Tellers.MoneyWithdrawn':
      return { status: 'COMPLETED' };
    case 'Tellers.DispenseFaultReported':
      return { status: 'REFUNDING' };
    case 'Accounts.WithdrawalRefunded':
      return { status: 'REFUNDED' };
    default:
      return { status: 'PENDING' };
  }
}

/** Never throws. The details already known are kept; an event fills in those still missing. */
function evolve(state: AtmWithdrawalState, event: AtmWithdrawalEvent): AtmWithdrawalState {
  const details = detailsOf(event);
  return {
    withdrawalId: state.withdrawalId ?? details.withdrawalId ?? null,
    accountId: state.accountId ?? details.accountId ?? null,
    atmId: state.atmId ?? details.atmId ?? null,
    amount: state.amount ?? details.amount ?? null,
    declineReason: state.declineReason,
    ...statusAfter(event),
  };
}

function react(_state: AtmWithdrawalState, event: AtmWithdrawalEvent): readonly Command[] {
  switch (event.type) {
    case 'Accounts.AuthorizationConfirmed': {
      const { accountId, purpose } = event.data;
      if (purpose?.kind !== 'withdrawal') return [];
      const { operationId: withdrawalId, atmId, amount } = purpose;
      return [{ type: 'Tellers.InitiateWithdrawal', data: { atmId, withdrawalId, accountId, amount } }];
    }
    case 'Tellers.WithdrawalInitiated': {
      const { atmId, withdrawalId, accountId, amount } = event.data;
      return [{ type: 'Accounts.WithdrawMoney', data: { accountId, amount, withdrawalId, atmId } }];
    }
    case 'Accounts.MoneyWithdrawn': {
      const { withdrawalId, atmId } = event.data;
      if (withdrawalId === undefined || atmId === undefined) return [];
      return [{ type: 'Tellers.DispenseCash', data: { atmId, withdrawalId } }];
    }
    case 'Tellers.DispenseFaultReported': {
      const { withdrawalId, accountId, amount } = event.data;
      return [{ type: 'Accounts.RefundWithdrawal', data: { accountId, withdrawalId, amount } }];
    }
    default:
      return [];
  }
}

/**
 * A refused debit declines the withdrawal on the ATM, which releases the reserved cash.
 *
 * A refused dispense after a debit means the debit came too late: the withdrawal had already been
 * declined (possible only across a crash: the debit was refused, the decline recorded, and on restart
 * the debit was decided again after a deposit). The account was debited and no cash will come out, so
 * the debit is refunded.
 */
function onRejected(state: AtmWithdrawalState, command: Command, rejection: Rejection): readonly Command[] {
  if (command.type === 'Tellers.DispenseCash' && rejection.code === 'WithdrawalAlreadyDeclined') {
    const { accountId, amount } = state;
    if (accountId === null || amount === null) return [];
    return [{ type: 'Accounts.RefundWithdrawal', data: { accountId, withdrawalId: command.data.withdrawalId, amount } }];
  }
  if (command.type !== 'Accounts.WithdrawMoney') return [];
  const { withdrawalId, atmId } = command.data;
  if (withdrawalId === undefined || atmId === undefined) return [];
  const reason = withdrawalRefusalReasonOf(rejection.code);
  return [{ type: 'Tellers.DeclineWithdrawal', data: { atmId, withdrawalId, reason } }];
}

export const atmWithdrawalProcess: ProcessManager<AtmWithdrawalEvent, AtmWithdrawalState, AtmWithdrawalCommand> = {
  name: 'atm-withdrawal',
  routes: {
    'Accounts.AuthorizationConfirmed': 'start',
    'Tellers.WithdrawalInitiated': 'continue',
    'Accounts.MoneyWithdrawn': 'continue',
    'Tellers.DispenseFaultReported': 'continue',
    'Tellers.MoneyWithdrawn': 'stop',
    'Tellers.WithdrawalDeclined': 'stop',
    'Accounts.AuthorizationFailed': 'stop',
    'Accounts.WithdrawalRefunded': 'stop',
  },
  instanceId,
  initialState: initialAtmWithdrawalState,
  evolve,
  react,
  onRejected,
};
