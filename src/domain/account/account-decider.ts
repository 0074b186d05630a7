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
 *   reason `ACCOUNT_CLOSED`, because the ATM saga must react to it.
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
  UnlockAccount,
  WithdrawMoney,
} from './account-commands.ts';
import type { AccountEvent, AuthorizationFailed, AuthorizationFailureReason } from './account-events.ts';
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
  }
}

function openAccount({ data }: OpenAccount, state: AccountState): AccountDecision {
  if (state.status !== 'notOpened') return reject(accountAlreadyOpened(data.accountId));
  const { accountId, owner, pinHash, openedAt } = data;
  return accept({ type: 'Accounts.AccountOpened', data: { accountId, owner, pinHash, openedAt } });
}

function depositMoney({ data }: DepositMoney, state: AccountState): AccountDecision {
  const { accountId, amount, issuedAt } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  if (state.status === 'closed') return reject(accountClosed(accountId));
  if (!isValidAmount(amount)) return reject(invalidAmount(accountId, amount));
  const oldBalance = state.balance;
  const newBalance = addCents(oldBalance, amount);
  if (newBalance === null) return reject(balanceOverflow(accountId, oldBalance, amount));
  return accept({
    type: 'Accounts.MoneyDeposited',
    data: { accountId, amount, oldBalance, newBalance, depositedAt: issuedAt },
  });
}

function withdrawMoney({ data }: WithdrawMoney, state: AccountState): AccountDecision {
  const { accountId, amount, issuedAt } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  if (state.status === 'closed') return reject(accountClosed(accountId));
  if (!isValidAmount(amount)) return reject(invalidAmount(accountId, amount));
  const oldBalance = state.balance;
  const newBalance = subtractCents(oldBalance, amount);
  if (newBalance === null) return reject(insufficientFunds(accountId, oldBalance, amount));
  return accept({
    type: 'Accounts.MoneyWithdrawn',
    data: { accountId, amount, oldBalance, newBalance, withdrawnAt: issuedAt },
  });
}

function confirmAuthorization({ data }: ConfirmAuthorization, state: AccountState): AccountDecision {
  const { accountId, pinMatches, issuedAt } = data;
  if (state.status === 'notOpened') return reject(accountNotFound(accountId));
  const failures = state.consecutiveFailures;
  if (state.status === 'closed') return accept(authorizationFailed(accountId, 'ACCOUNT_CLOSED', failures, issuedAt));
  if (state.isLocked) return accept(authorizationFailed(accountId, 'ACCOUNT_LOCKED', failures, issuedAt));
  if (pinMatches) {
    return accept({ type: 'Accounts.AuthorizationConfirmed', data: { accountId, confirmedAt: issuedAt } });
  }
  const failed = authorizationFailed(accountId, 'WRONG_PIN', failures + 1, issuedAt);
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
): AuthorizationFailed {
  return { type: 'Accounts.AuthorizationFailed', data: { accountId, reason, consecutiveFailures, failedAt } };
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
    default:
      return state;
  }
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState, AccountRejection> = {
  initialState: initialAccountState,
  decide,
  evolve,
};
