import { describe, expect, it } from 'vitest';
import { accountDecider, type AccountState } from '../../../src/domain/account/account-decider.ts';
import type { AccountEvent } from '../../../src/domain/account/account-events.ts';
import { evolveAll } from '../../../src/domain/decider.ts';
import type { Cents } from '../../../src/domain/money.ts';
import {
  accountClosed,
  accountId,
  accountLocked,
  accountOpened,
  accountUnlocked,
  authorizationConfirmed,
  authorizationFailed,
  closeAccount,
  confirmAuthorization,
  depositMoney,
  lockedHistory,
  moneyDeposited,
  moneyWithdrawn,
  openAccount,
  owner,
  pinHash,
  unlockAccount,
  withdrawMoney,
} from '../../support/account-fixtures.ts';
import { createDeciderSpecification } from '../../support/decider-specification.ts';

const { given } = createDeciderSpecification(accountDecider);
const MAX = Number.MAX_SAFE_INTEGER;
const cents = (value: number) => value as Cents;
const closedHistory = () => [accountOpened(), accountClosed()];

describe('OpenAccount', () => {
  it('opens a new account', () => {
    given([]).when(openAccount()).then([accountOpened()]);
  });

  it('refuses to open an account twice', () => {
    given([accountOpened()]).when(openAccount()).thenRejects({ code: 'AccountAlreadyOpened', details: { accountId } });
  });

  it('refuses to reopen a closed account', () => {
    given(closedHistory()).when(openAccount()).thenRejects({ code: 'AccountAlreadyOpened', details: { accountId } });
  });
});

describe('DepositMoney', () => {
  it('deposits into an empty account', () => {
    given([accountOpened()]).when(depositMoney(500)).then([moneyDeposited(500, 0)]);
  });

  it('adds to the balance left by earlier deposits and withdrawals', () => {
    given([accountOpened(), moneyDeposited(500, 0), moneyWithdrawn(200, 500)])
      .when(depositMoney(250))
      .then([moneyDeposited(250, 300)]);
  });

  it('accepts deposits on a locked account: the lock guards only authorizations', () => {
    given(lockedHistory()).when(depositMoney(100)).then([moneyDeposited(100, 0)]);
  });

  it('deposits up to the largest exact balance', () => {
    given([accountOpened(), moneyDeposited(MAX - 10, 0)])
      .when(depositMoney(10))
      .then([moneyDeposited(10, MAX - 10)]);
  });

  it('refuses a deposit that would pass the largest exact balance', () => {
    given([accountOpened(), moneyDeposited(MAX - 10, 0)])
      .when(depositMoney(11))
      .thenRejects({ code: 'BalanceOverflow', details: { accountId, balance: cents(MAX - 10), amount: cents(11) } });
  });

  it.each([0, -100, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX + 1])('refuses the amount %s', (amount) => {
    given([accountOpened()])
      .when(depositMoney(amount))
      .thenRejects({ code: 'InvalidAmount', details: { accountId, amount } });
  });

  it('refuses a deposit to an account never opened', () => {
    given([]).when(depositMoney(500)).thenRejects({ code: 'AccountNotFound', details: { accountId } });
  });

  it('refuses a deposit to a closed account', () => {
    given(closedHistory()).when(depositMoney(500)).thenRejects({ code: 'AccountClosed', details: { accountId } });
  });
});

describe('WithdrawMoney', () => {
  it('withdraws part of the balance', () => {
    given([accountOpened(), moneyDeposited(1000, 0)]).when(withdrawMoney(300)).then([moneyWithdrawn(300, 1000)]);
  });

  it('withdraws the whole balance, down to zero', () => {
    given([accountOpened(), moneyDeposited(1000, 0)]).when(withdrawMoney(1000)).then([moneyWithdrawn(1000, 1000)]);
  });

  it('refuses to withdraw more than the balance', () => {
    given([accountOpened(), moneyDeposited(100, 0)])
      .when(withdrawMoney(101))
      .thenRejects({ code: 'InsufficientFunds', details: { accountId, balance: cents(100), requested: cents(101) } });
  });

  it('refuses to withdraw from an empty account', () => {
    given([accountOpened()])
      .when(withdrawMoney(1))
      .thenRejects({ code: 'InsufficientFunds', details: { accountId, balance: cents(0), requested: cents(1) } });
  });

  it.each([0, -1, 0.01, MAX + 2])('refuses the amount %s', (amount) => {
    given([accountOpened(), moneyDeposited(1000, 0)])
      .when(withdrawMoney(amount))
      .thenRejects({ code: 'InvalidAmount', details: { accountId, amount } });
  });

  it('refuses a withdrawal from an account never opened', () => {
    given([]).when(withdrawMoney(1)).thenRejects({ code: 'AccountNotFound', details: { accountId } });
  });

  it('refuses a withdrawal from a closed account', () => {
    given(closedHistory()).when(withdrawMoney(1)).thenRejects({ code: 'AccountClosed', details: { accountId } });
  });
});

describe('ConfirmAuthorization', () => {
  it('confirms a matching PIN', () => {
    given([accountOpened()]).when(confirmAuthorization(true)).then([authorizationConfirmed()]);
  });

  it('counts wrong PINs in a row', () => {
    given([accountOpened()]).when(confirmAuthorization(false)).then([authorizationFailed(1)]);
    given([accountOpened(), authorizationFailed(1)]).when(confirmAuthorization(false)).then([authorizationFailed(2)]);
  });

  it('locks the account on the third wrong PIN in a row', () => {
    given([accountOpened(), authorizationFailed(1), authorizationFailed(2)])
      .when(confirmAuthorization(false))
      .then([authorizationFailed(3), accountLocked(3)]);
  });

  it('refuses every authorization of a locked account, even with the right PIN', () => {
    const locked = authorizationFailed(3, 'ACCOUNT_LOCKED');
    given(lockedHistory()).when(confirmAuthorization(true)).then([locked]);
    given(lockedHistory()).when(confirmAuthorization(false)).then([locked]);
    given([...lockedHistory(), locked]).when(confirmAuthorization(true)).then([locked]);
  });

  it('resets the count after a confirmed authorization', () => {
    given([accountOpened(), authorizationFailed(1), authorizationFailed(2)])
      .when(confirmAuthorization(true))
      .then([authorizationConfirmed()]);
    given([accountOpened(), authorizationFailed(1), authorizationFailed(2), authorizationConfirmed()])
      .when(confirmAuthorization(false))
      .then([authorizationFailed(1)]);
  });

  it('fails with reason ACCOUNT_CLOSED on a closed account, so the ATM saga can react', () => {
    given(closedHistory()).when(confirmAuthorization(true)).then([authorizationFailed(0, 'ACCOUNT_CLOSED')]);
    given([accountOpened(), authorizationFailed(1), accountClosed()])
      .when(confirmAuthorization(false))
      .then([authorizationFailed(1, 'ACCOUNT_CLOSED')]);
  });

  it('refuses an account never opened', () => {
    given([]).when(confirmAuthorization(true)).thenRejects({ code: 'AccountNotFound', details: { accountId } });
  });
});

describe('UnlockAccount', () => {
  it('unlocks a locked account', () => {
    given(lockedHistory()).when(unlockAccount()).then([accountUnlocked()]);
  });

  it('lets authorizations through again after an unlock, with the count back at zero', () => {
    given([...lockedHistory(), accountUnlocked()]).when(confirmAuthorization(true)).then([authorizationConfirmed()]);
    given([...lockedHistory(), accountUnlocked()]).when(confirmAuthorization(false)).then([authorizationFailed(1)]);
  });

  it('does nothing on an account that is not locked', () => {
    given([accountOpened(), authorizationFailed(1)]).when(unlockAccount()).then([]);
    given([...lockedHistory(), accountUnlocked()]).when(unlockAccount()).then([]);
  });

  it('refuses an account never opened', () => {
    given([]).when(unlockAccount()).thenRejects({ code: 'AccountNotFound', details: { accountId } });
  });

  it('refuses a closed account', () => {
    given([...lockedHistory(), accountClosed()])
      .when(unlockAccount())
      .thenRejects({ code: 'AccountClosed', details: { accountId } });
  });
});

describe('CloseAccount', () => {
  it('closes an account that never held money', () => {
    given([accountOpened()]).when(closeAccount()).then([accountClosed()]);
  });

  it('closes an account whose balance is back at zero', () => {
    given([accountOpened(), moneyDeposited(700, 0), moneyWithdrawn(700, 700)])
      .when(closeAccount())
      .then([accountClosed()]);
  });

  it('closes a locked account', () => {
    given(lockedHistory()).when(closeAccount()).then([accountClosed()]);
  });

  it('refuses to close an account that still holds money', () => {
    given([accountOpened(), moneyDeposited(700, 0), moneyWithdrawn(699, 700)])
      .when(closeAccount())
      .thenRejects({ code: 'BalanceNotZero', details: { accountId, balance: cents(1) } });
  });

  it('refuses to close an account twice', () => {
    given(closedHistory()).when(closeAccount()).thenRejects({ code: 'AccountClosed', details: { accountId } });
  });

  it('refuses an account never opened', () => {
    given([]).when(closeAccount()).thenRejects({ code: 'AccountNotFound', details: { accountId } });
  });
});

describe('evolve', () => {
  const fold = (events: readonly AccountEvent[]): AccountState =>
    evolveAll(accountDecider, accountDecider.initialState, events);

  it('builds the state from a history', () => {
    const history = [accountOpened(), moneyDeposited(900, 0), moneyWithdrawn(400, 900), ...lockedHistory().slice(1)];
    expect(fold(history)).toEqual({
      status: 'open',
      accountId,
      owner,
      pinHash,
      balance: 500,
      consecutiveFailures: 3,
      isLocked: true,
    });
    expect(fold([...lockedHistory(), accountUnlocked(), accountClosed()])).toMatchObject({
      status: 'closed',
      consecutiveFailures: 0,
      isLocked: false,
    });
  });

  it('ignores events that cannot apply instead of throwing', () => {
    expect(fold([moneyDeposited(100, 0), accountClosed()])).toEqual({ status: 'notOpened' });
    const opened = fold([accountOpened()]);
    const unknown = { type: 'Accounts.SomethingNew', data: {} } as unknown as AccountEvent;
    expect(accountDecider.evolve(opened, unknown)).toEqual(opened);
    expect(accountDecider.evolve(opened, accountOpened())).toEqual(opened);
  });
});
