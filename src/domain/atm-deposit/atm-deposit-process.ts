/**
 * The ATM deposit saga: one instance per deposit id, from the confirmed PIN to the notes kept in the
 * machine. It mirrors the withdrawal saga (atm-withdrawal-process.ts), without a reservation, since a
 * deposit adds cash:
 *
 * 1. `Accounts.AuthorizationConfirmed` whose purpose is a deposit starts it → `Tellers.InitiateDeposit`;
 * 2. `Tellers.DepositInitiated` → `Accounts.DepositMoney` carrying the deposit and ATM ids; a refusal
 *    of that credit (closed account, balance overflow, …) → `Tellers.DeclineDeposit`, which hands the
 *    notes back;
 * 3. `Accounts.MoneyDeposited` carrying a deposit id → `Tellers.AcceptDepositedCash`;
 * 4. `Tellers.MoneyDeposited` stops it: COMPLETED. `Tellers.DepositDeclined` stops it: DECLINED.
 *    `Accounts.AuthorizationFailed` for a deposit (wrong PIN, locked or closed account) stops it
 *    before anything happened: DECLINED, no commands.
 *
 * Every command is built from the data of the event that causes it, and every step is idempotent on
 * the receiving aggregate, so a redelivered event is harmless.
 */

import type { DepositMoney } from '../account/account-commands.ts';
import type {
  AuthorizationConfirmed,
  AuthorizationFailed,
  AuthorizationFailureReason,
  MoneyDeposited,
} from '../account/account-events.ts';
import type { AccountRejectionCode } from '../account/account-rejections.ts';
import type { Rejection } from '../decider.ts';
import type { Cents } from '../money.ts';
import type { ProcessManager, UnstampedCommand } from '../process-manager.ts';
import type { AcceptDepositedCash, DeclineDeposit, InitiateDeposit } from '../teller/teller-commands.ts';
import type {
  AccountRefusalReason,
  DepositDeclined,
  DepositDeclineReason,
  DepositInitiated,
  TellerMoneyDeposited,
} from '../teller/teller-events.ts';

export type AtmDepositEvent =
  | AuthorizationConfirmed
  | AuthorizationFailed
  | DepositInitiated
  | MoneyDeposited
  | TellerMoneyDeposited
  | DepositDeclined;

export type AtmDepositCommand = InitiateDeposit | DepositMoney | DeclineDeposit | AcceptDepositedCash;

type Command = UnstampedCommand<AtmDepositCommand>;

/** NOT_STARTED only before the first event. */
export type AtmDepositStatus = 'NOT_STARTED' | 'PENDING' | 'COMPLETED' | 'DECLINED';

/** Declined by the account (a teller reason), or at the PIN check (an authorization reason). */
export type AtmDepositDeclineReason = DepositDeclineReason | AuthorizationFailureReason;

/** Each field is filled from the first event that carries it. */
export interface AtmDepositState {
  readonly status: AtmDepositStatus;
  readonly depositId: string | null;
  readonly accountId: string | null;
  readonly atmId: string | null;
  readonly amount: Cents | null;
  readonly declineReason: AtmDepositDeclineReason | null;
}

export const initialAtmDepositState: AtmDepositState = {
  status: 'NOT_STARTED',
  depositId: null,
  accountId: null,
  atmId: null,
  amount: null,
  declineReason: null,
};

/** The account's refusals of a credit, as the teller names them; any other code is ACCOUNT_REJECTED. */
const REFUSAL_REASONS: Partial<Record<AccountRejectionCode, AccountRefusalReason>> = {
  AccountNotFound: 'ACCOUNT_NOT_FOUND',
  AccountClosed: 'ACCOUNT_CLOSED',
  InvalidAmount: 'INVALID_AMOUNT',
  BalanceOverflow: 'BALANCE_OVERFLOW',
};

export function depositRefusalReasonOf(rejectionCode: string): AccountRefusalReason {
  const known = Object.hasOwn(REFUSAL_REASONS, rejectionCode);
  return (known ? REFUSAL_REASONS[rejectionCode as AccountRejectionCode] : undefined) ?? 'ACCOUNT_REJECTED';
}

function instanceId(event: AtmDepositEvent): string | null {
  switch (event.type) {
    case 'Accounts.AuthorizationConfirmed':
    case 'Accounts.AuthorizationFailed':
      return event.data.purpose?.kind === 'deposit' ? event.data.purpose.operationId : null;
    case 'Accounts.MoneyDeposited':
      return event.data.atmId === undefined ? null : (event.data.depositId ?? null);
    default:
      return event.data.depositId;
  }
}

type Details = Partial<Pick<AtmDepositState, 'depositId' | 'accountId' | 'atmId' | 'amount'>>;

function detailsOf(event: AtmDepositEvent): Details {
  switch (event.type) {
    case 'Accounts.AuthorizationConfirmed':
    case 'Accounts.AuthorizationFailed': {
      const { accountId, purpose } = event.data;
      return purpose === undefined
        ? { accountId }
        : { accountId, depositId: purpose.operationId, atmId: purpose.atmId, amount: purpose.amount };
    }
    default: {
      const { depositId, accountId, amount, atmId } = event.data;
      return { depositId, accountId, amount, atmId };
    }
  }
}

type StatusChange = Pick<AtmDepositState, 'status'> & { readonly declineReason?: AtmDepositDeclineReason };

function statusAfter(event: AtmDepositEvent): StatusChange {
  switch (event.type) {
    case 'Accounts.AuthorizationFailed':
    case 'Tellers.DepositDeclined':
      return { status: 'DECLINED', declineReason: event.data.reason };
    case 'Tellers.MoneyDeposited':
      return { status: 'COMPLETED' };
    default:
      return { status: 'PENDING' };
  }
}

/** Never throws. The details already known are kept; an event fills in those still missing. */
function evolve(state: AtmDepositState, event: AtmDepositEvent): AtmDepositState {
  const details = detailsOf(event);
  return {
    depositId: state.depositId ?? details.depositId ?? null,
    accountId: state.accountId ?? details.accountId ?? null,
    atmId: state.atmId ?? details.atmId ?? null,
    amount: state.amount ?? details.amount ?? null,
    declineReason: state.declineReason,
    ...statusAfter(event),
  };
}

function react(_state: AtmDepositState, event: AtmDepositEvent): readonly Command[] {
  switch (event.type) {
    case 'Accounts.AuthorizationConfirmed': {
      const { accountId, purpose } = event.data;
      if (purpose?.kind !== 'deposit') return [];
      const { operationId: depositId, atmId, amount } = purpose;
      return [{ type: 'Tellers.InitiateDeposit', data: { atmId, depositId, accountId, amount } }];
    }
    case 'Tellers.DepositInitiated': {
      const { atmId, depositId, accountId, amount } = event.data;
      return [{ type: 'Accounts.DepositMoney', data: { accountId, amount, depositId, atmId } }];
    }
    case 'Accounts.MoneyDeposited': {
      const { depositId, atmId } = event.data;
      if (depositId === undefined || atmId === undefined) return [];
      return [{ type: 'Tellers.AcceptDepositedCash', data: { atmId, depositId } }];
    }
    default:
      return [];
  }
}

/** A refused credit declines the deposit on the ATM, which hands the notes back. */
function onRejected(_state: AtmDepositState, command: Command, rejection: Rejection): readonly Command[] {
  if (command.type !== 'Accounts.DepositMoney') return [];
  const { depositId, atmId } = command.data;
  if (depositId === undefined || atmId === undefined) return [];
  const reason = depositRefusalReasonOf(rejection.code);
  return [{ type: 'Tellers.DeclineDeposit', data: { atmId, depositId, reason } }];
}

export const atmDepositProcess: ProcessManager<AtmDepositEvent, AtmDepositState, AtmDepositCommand> = {
  name: 'atm-deposit',
  routes: {
    'Accounts.AuthorizationConfirmed': 'start',
    'Tellers.DepositInitiated': 'continue',
    'Accounts.MoneyDeposited': 'continue',
    'Tellers.MoneyDeposited': 'stop',
    'Tellers.DepositDeclined': 'stop',
    'Accounts.AuthorizationFailed': 'stop',
  },
  instanceId,
  initialState: initialAtmDepositState,
  evolve,
  react,
  onRejected,
};
