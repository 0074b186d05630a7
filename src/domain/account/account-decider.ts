/**
 * The account decider: owns the stream `account-<accountId>` (see `accountStreamId` in ids.ts) and
 * decides the commands of one bank account. It keeps these invariants:
 *
 * - an account is opened once; every other command on an account never opened is `AccountNotFound`;
 * - the balance is a whole number of cents, never negative (`InsufficientFunds`) and never past
 *   `Number.MAX_SAFE_INTEGER` (`BalanceOverflow`); amounts are positive (`InvalidAmount`);
 * - 3 wrong PINs in a row lock the account: the third `AuthorizationFailed` comes with `AccountLocked`,
 *   and later authorizations fail with reason `ACCOUNT_LOCKED` until an operator's `UnlockAccount`;
 *   a confirmed authorization or an unlock resets the count. The lock guards only authorizations
 *   (the ATM path); deposits and withdrawals at the teller go on;
 * - a closed account takes no command (`AccountClosed`), and an account closes only when empty
 *   (`BalanceNotZero`). An authorization on a closed account is an `AuthorizationFailed` event with
 *   reason `ACCOUNT_CLOSED`, because the ATM saga must react to it;
 * - an ATM withdrawal is refunded at most once (`RefundWithdrawal`): the state remembers the refunded
 *   withdrawal ids, and a repeated refund is accepted with no events. A refund is applied even to a
 *   closed account, because the money left the account for notes the customer never received and must
 *   go back; the closed account then holds that balance until an operator pays it out. A refund that
 *   would pass the largest exact balance is refused (`BalanceOverflow`), as a deposit would be.
 *
 * The ATM sagas' ids (`withdrawalId`, `depositId`, `atmId`) and an authorization's `purpose` are copied
 * from the command into the event when present, and never looked at here.
 *
 * The plain PIN never reaches this file. Before deciding, the application layer hashes the PIN for
 * `OpenAccount` (`hashPin` → `pinHash`) and, for `ConfirmAuthorization`, loads the state, checks the
 * typed PIN against `state.pinHash` (`isPinMatching`) and sends the answer as `pinMatches`.
 * Time comes from the command (`openedAt`, `issuedAt`), never from a clock, so a retried command
 * decides the same way.
 */

import { accept, type Decider, type Decision, reject } from '../decider.ts';
import { addCents, type Cents, isValidAmount, subtractCents, ZERO_CENTS } from '../money.ts';
import type {
  AccountCommand,
  CloseAccount,
  ConfirmAuthorization,
  DepositMoney,
  OpenAccount,
  RefundWithdrawal,
  UnlockAccount,
  WithdrawMoney,
} from './account-commands.ts';
import type {
  AccountEvent,
  AuthorizationFailed,
  AuthorizationFailureReason,
  AuthorizationPurpose,
} from './account-events.ts';
import type { PinHash } from './account-pin.ts';
import {
  type AccountRejection,
  accountAlreadyOpened,
  accountClosed,
  accountNotFound,
  balanceNotZero,
  balanceOverflow,
  insufficientFunds,
  invalidAmount,
} from './account-rejections.ts';

/** Wrong PINs in a row that lock the account. */
export const MAX_CONSECUTIVE_FAILURES = 3;

export interface NotOpenedAccount {
  readonly status: 'notOpened';
}

export interface ExistingAccount {
  readonly status: 'open' | 'closed';
  readonly accountId: string;
  readonly owner: string;
  /** What the application layer checks a typed PIN against before `ConfirmAuthorization`. */
  readonly pinHash: PinHash;
  readonly balance: Cents;
  readonly consecutiveFailures: number;
  readonly isLocked: boolean;
  /** The ATM withdrawals already refunded; absent until the first refund. */
  readonly refundedWithdrawalIds?: readonly string[];
}

export type AccountState = NotOpenedAccount | ExistingAccount;

type AccountDecision = Decision<AccountEvent, AccountRejection>;

export const initialAccountState: AccountState = { status: 'notOpened' };

function decide(command: AccountCommand, state: AccountState): AccountDecision {
  switch (command.type) {
    case 'Accounts.OpenAccount':
      return openAccount(command, state);
    case 'Accounts.DepositMoney':
      return depositMoney(command, state);
    case 'Accounts.WithdrawMoney':
      return withdrawMoney(command, state);
    case 'Accounts.ConfirmAuthorization':
      return confirmAuthorization(command, state);
    case 'Accounts.UnlockAccount':
      return unlockAccount(command, state);
    case 'Accounts.CloseAccount':
      return closeAccount(command, state);
    case 'Accounts.RefundWithdrawal':
      return refundWithdrawal(command, state);
  }
}

/** `fields` without its `undefined` entries, so an optional id absent from a command stays absent from the event. */
function definedOnly<Fields extends object>(fields: Fields): Fields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Fields;
}

function openAccount({ data }: OpenAccount, state: AccountState): AccountDecision {
  if (state.status !== 'notOpened') return reject(accountAlreadyOpened(data.accountId));
  const { accountId, owner, pinHash, openedAt } = data;
  return accept({ type: 'Accounts.AccountOpened', data: { accountId, owner, pinHash, openedAt } });
}

function depositMoney({ data }: DepositMoney, state: AccountState): AccountDecision {
  const { accountId, amount, issuedAt, depositId, atmId } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  if (state.status === 'closed') return reject(accountClosed(accountId));
  if (!isValidAmount(amount)) return reject(invalidAmount(accountId, amount));
  const oldBalance = state.balance;
  const newBalance = addCents(oldBalance, amount);
  if (newBalance === null) return reject(balanceOverflow(accountId, oldBalance, amount));
  return accept({
    type: 'Accounts.MoneyDeposited',
    data: { accountId, amount, oldBalance, newBalance, depositedAt: issuedAt, ...definedOnly({ depositId, atmId }) },
  });
}

function withdrawMoney({ data }: WithdrawMoney, state: AccountState): AccountDecision {
  const { accountId, amount, issuedAt, withdrawalId, atmId } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  if (state.status === 'closed') return reject(accountClosed(accountId));
  if (!isValidAmount(amount)) return reject(invalidAmount(accountId, amount));
  const oldBalance = state.balance;
  const newBalance = subtractCents(oldBalance, amount);
  if (newBalance === null) return reject(insufficientFunds(accountId, oldBalance, amount));
  return accept({
    type: 'Accounts.MoneyWithdrawn',
    data: { accountId, amount, oldBalance, newBalance, withdrawnAt: issuedAt, ...definedOnly({ withdrawalId, atmId }) },
  });
}

function confirmAuthorization({ data }: ConfirmAuthorization, state: AccountState): AccountDecision {
  const { accountId, pinMatches, issuedAt, purpose } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  const failures = state.consecutiveFailures;
  if (state.status === 'closed') {
    return accept(authorizationFailed(accountId, 'ACCOUNT_CLOSED', failures, issuedAt, purpose));
  }
  if (state.isLocked) return accept(authorizationFailed(accountId, 'ACCOUNT_LOCKED', failures, issuedAt, purpose));
  if (pinMatches) {
    return accept({
      type: 'Accounts.AuthorizationConfirmed',
      data: { accountId, confirmedAt: issuedAt, ...definedOnly({ purpose }) },
    });
  }
  const failed = authorizationFailed(accountId, 'WRONG_PIN', failures + 1, issuedAt, purpose);
  if (failures + 1 < MAX_CONSECUTIVE_FAILURES) return accept(failed);
  return accept<AccountEvent>(failed, {
    type: 'Accounts.AccountLocked',
    data: { accountId, consecutiveFailures: failures + 1, lockedAt: issuedAt },
  });
}

function authorizationFailed(
  accountId: string,
  reason: AuthorizationFailureReason,
  consecutiveFailures: number,
  failedAt: string,
  purpose: AuthorizationPurpose | undefined,
): AuthorizationFailed {
  return {
    type: 'Accounts.AuthorizationFailed',
    data: { accountId, reason, consecutiveFailures, failedAt, ...definedOnly({ purpose }) },
  };
}

/** Unlocking an account that is not locked changes nothing (an empty decision), so a retry is harmless. */
function unlockAccount({ data }: UnlockAccount, state: AccountState): AccountDecision {
  const { accountId, unlockedBy, issuedAt } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  if (state.status === 'closed') return reject(accountClosed(accountId));
  if (!state.isLocked) return accept();
  return accept({ type: 'Accounts.AccountUnlocked', data: { accountId, unlockedBy, unlockedAt: issuedAt } });
}

function closeAccount({ data }: CloseAccount, state: AccountState): AccountDecision {
  const { accountId, issuedAt } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  if (state.status === 'closed') return reject(accountClosed(accountId));
  if (state.balance !== ZERO_CENTS) return reject(balanceNotZero(accountId, state.balance));
  return accept({ type: 'Accounts.AccountClosed', data: { accountId, closedAt: issuedAt } });
}

/** Open or closed alike (see the invariants above); a withdrawal id already refunded changes nothing. */
function refundWithdrawal({ data }: RefundWithdrawal, state: AccountState): AccountDecision {
  const { accountId, withdrawalId, amount, issuedAt } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  if (state.refundedWithdrawalIds?.includes(withdrawalId)) return accept();
  if (!isValidAmount(amount)) return reject(invalidAmount(accountId, amount));
  const oldBalance = state.balance;
  const newBalance = addCents(oldBalance, amount);
  if (newBalance === null) return reject(balanceOverflow(accountId, oldBalance, amount));
  return accept({
    type: 'Accounts.WithdrawalRefunded',
    data: { accountId, withdrawalId, amount, oldBalance, newBalance, refundedAt: issuedAt },
  });
}

/** Never throws: an event that cannot apply (nothing opened yet, an unknown type) leaves the state as it is. */
function evolve(state: AccountState, event: AccountEvent): AccountState {
  if (state.status === 'notOpened') {
    if (event.type !== 'Accounts.AccountOpened') return state;
    const { accountId, owner, pinHash } = event.data;
    return { status: 'open', accountId, owner, pinHash, balance: ZERO_CENTS, consecutiveFailures: 0, isLocked: false };
  }
  switch (event.type) {
    case 'Accounts.MoneyDeposited':
    case 'Accounts.MoneyWithdrawn':
      return { ...state, balance: event.data.newBalance };
    case 'Accounts.AuthorizationConfirmed':
      return { ...state, consecutiveFailures: 0 };
    case 'Accounts.AuthorizationFailed':
      return { ...state, consecutiveFailures: event.data.consecutiveFailures };
    case 'Accounts.AccountLocked':
      return { ...state, isLocked: true };
    case 'Accounts.AccountUnlocked':
      return { ...state, isLocked: false, consecutiveFailures: 0 };
    case 'Accounts.AccountClosed':
      return { ...state, status: 'closed' };
    case 'Accounts.WithdrawalRefunded':
      return {
        ...state,
        balance: event.data.newBalance,
        refundedWithdrawalIds: [...(state.refundedWithdrawalIds ?? []), event.data.withdrawalId],
      };
    default:
      return state;
  }
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState, AccountRejection> = {
  initialState: initialAccountState,
  decide,
  evolve,
};
