import { describe, expect, it } from 'vitest';
import { accountDecider } from '../../../src/domain/account/account-decider.ts';
import type { AccountEvent } from '../../../src/domain/account/account-events.ts';
import {
  accountCommandDataSchemas,
  accountEventSchemas,
  accountEventTypes,
  confirmAuthorizationInputSchema,
} from '../../../src/domain/account/account-schemas.ts';
import { evolveAll } from '../../../src/domain/decider.ts';
import type { Cents } from '../../../src/domain/money.ts';
import {
  accountClosed,
  accountId,
  accountLocked,
  accountOpened,
  authorizationFailed,
  confirmAuthorization,
  depositMoney,
  lockedHistory,
  moneyDeposited,
  moneyWithdrawn,
  withdrawMoney,
} from '../../support/account-fixtures.ts';
import {
  atmDepositMoney,
  atmMoneyDeposited,
  atmMoneyWithdrawn,
  atmWithdrawMoney,
  authorizationConfirmedFor,
  authorizationFailedFor,
  confirmAuthorizationFor,
  depositPurpose,
  refundWithdrawal,
  withdrawalPurpose,
  withdrawalRefunded,
} from '../../support/atm-account-fixtures.ts';
import { createDeciderSpecification } from '../../support/decider-specification.ts';
import { otherWithdrawalId, withdrawalId } from '../../support/teller-fixtures.ts';

const { given } = createDeciderSpecification(accountDecider);
const MAX = Number.MAX_SAFE_INTEGER;
const cents = (value: number) => value as Cents;
const decidedEvents = (history: readonly AccountEvent[], command: Parameters<typeof accountDecider.decide>[0]) => {
  const decision = accountDecider.decide(command, evolveAll(accountDecider, accountDecider.initialState, history));
  return decision.kind === 'accepted' ? decision.events : [];
};

describe('ConfirmAuthorization with a purpose', () => {
  const purpose = withdrawalPurpose(2000);

  it('copies the purpose into the confirmation', () => {
    given([accountOpened()]).when(confirmAuthorizationFor(true, purpose)).then([authorizationConfirmedFor(purpose)]);
    given([accountOpened()]).when(confirmAuthorizationFor(true, depositPurpose(500))).then([authorizationConfirmedFor(depositPurpose(500))]);
  });

  it('copies the purpose into every failure: wrong PIN, locked, closed', () => {
    given([accountOpened()]).when(confirmAuthorizationFor(false, purpose)).then([authorizationFailedFor(purpose, 1)]);
    given([accountOpened(), authorizationFailed(1), authorizationFailed(2)])
      .when(confirmAuthorizationFor(false, purpose))
      .then([authorizationFailedFor(purpose, 3), accountLocked(3)]);
    given(lockedHistory()).when(confirmAuthorizationFor(true, purpose)).then([authorizationFailedFor(purpose, 3, 'ACCOUNT_LOCKED')]);
    given([accountOpened(), accountClosed()])
      .when(confirmAuthorizationFor(true, purpose))
      .then([authorizationFailedFor(purpose, 0, 'ACCOUNT_CLOSED')]);
  });

  it('writes no purpose field at all when the command has none', () => {
    const [confirmed] = decidedEvents([accountOpened()], confirmAuthorization(true));
    const [failed] = decidedEvents([accountOpened(), accountClosed()], confirmAuthorization(true));
    expect(confirmed?.data).not.toHaveProperty('purpose');
    expect(failed?.data).not.toHaveProperty('purpose');
  });
});

describe('WithdrawMoney and DepositMoney from an ATM saga', () => {
  it('carry the withdrawal id and the ATM id into MoneyWithdrawn', () => {
    given([accountOpened(), moneyDeposited(5000, 0)]).when(atmWithdrawMoney(2000)).then([atmMoneyWithdrawn(2000, 5000)]);
  });

  it('carry the deposit id and the ATM id into MoneyDeposited', () => {
    given([accountOpened(), moneyDeposited(5000, 0)]).when(atmDepositMoney(700)).then([atmMoneyDeposited(700, 5000)]);
  });

  it('refuse as before: the ids change nothing in the decision', () => {
    given([accountOpened(), moneyDeposited(100, 0)])
      .when(atmWithdrawMoney(101))
      .thenRejects({ code: 'InsufficientFunds', details: { accountId, balance: cents(100), requested: cents(101) } });
    given([accountOpened(), accountClosed()]).when(atmDepositMoney(1)).thenRejects({ code: 'AccountClosed', details: { accountId } });
  });

  it('write no id fields for a withdrawal or deposit made without them', () => {
    const history = [accountOpened(), moneyDeposited(5000, 0)];
    const [withdrawn] = decidedEvents(history, withdrawMoney(10));
    const [deposited] = decidedEvents(history, depositMoney(10));
    expect(Object.keys(withdrawn?.data ?? {}).toSorted()).toEqual(['accountId', 'amount', 'newBalance', 'oldBalance', 'withdrawnAt']);
    expect(Object.keys(deposited?.data ?? {}).toSorted()).toEqual(['accountId', 'amount', 'depositedAt', 'newBalance', 'oldBalance']);
  });
});

describe('RefundWithdrawal', () => {
  const withdrawn = () => [accountOpened(), moneyDeposited(5000, 0), atmMoneyWithdrawn(2000, 5000)];

  it('gives the money of a withdrawal back', () => {
    given(withdrawn()).when(refundWithdrawal(2000)).then([withdrawalRefunded(2000, 3000)]);
  });

  it('refunds a withdrawal id exactly once: a repeat is accepted with no events', () => {
    given([...withdrawn(), withdrawalRefunded(2000, 3000)]).when(refundWithdrawal(2000)).then([]);
    given([...withdrawn(), withdrawalRefunded(2000, 3000), moneyWithdrawn(100, 5000)]).when(refundWithdrawal(2000)).then([]);
  });

  it('refunds another withdrawal id after one was refunded', () => {
    given([...withdrawn(), withdrawalRefunded(2000, 3000)])
      .when(refundWithdrawal(400, otherWithdrawalId))
      .then([withdrawalRefunded(400, 5000, otherWithdrawalId)]);
  });

  it('refunds a closed account too: the money must go back', () => {
    const emptiedAndClosed = [accountOpened(), moneyDeposited(2000, 0), atmMoneyWithdrawn(2000, 2000), accountClosed()];
    given(emptiedAndClosed).when(refundWithdrawal(2000)).then([withdrawalRefunded(2000, 0)]);
    given([...emptiedAndClosed, withdrawalRefunded(2000, 0)]).when(refundWithdrawal(2000)).then([]);
  });

  it('refunds a locked account: the lock guards only authorizations', () => {
    given(lockedHistory()).when(refundWithdrawal(10)).then([withdrawalRefunded(10, 0)]);
  });

  it('refuses an account never opened, an invalid amount and a balance overflow', () => {
    given([]).when(refundWithdrawal(10)).thenRejects({ code: 'AccountNotFound', details: { accountId } });
    given(withdrawn()).when(refundWithdrawal(0)).thenRejects({ code: 'InvalidAmount', details: { accountId, amount: 0 } });
    given([accountOpened(), moneyDeposited(MAX - 5, 0)])
      .when(refundWithdrawal(6))
      .thenRejects({ code: 'BalanceOverflow', details: { accountId, balance: cents(MAX - 5), amount: cents(6) } });
  });

  it('remembers the refunded ids in the state, which still folds histories without refunds as before', () => {
    const fold = (events: readonly AccountEvent[]) => evolveAll(accountDecider, accountDecider.initialState, events);
    expect(fold(withdrawn())).not.toHaveProperty('refundedWithdrawalIds');
    expect(fold([...withdrawn(), withdrawalRefunded(2000, 3000), withdrawalRefunded(5, 5000, otherWithdrawalId)])).toMatchObject({
      balance: 5005,
      refundedWithdrawalIds: [withdrawalId, otherWithdrawalId],
    });
  });
});

describe('account schemas for the ATM sagas', () => {
  it('list WithdrawalRefunded at schema version 1', () => {
    expect(accountEventTypes.find(({ type }) => type === 'Accounts.WithdrawalRefunded')?.schemaVersion).toBe(1);
  });

  it('accept the events and commands with the ATM fields, unchanged', () => {
    const events: AccountEvent[] = [
      authorizationConfirmedFor(withdrawalPurpose(2000)),
      authorizationFailedFor(depositPurpose(300), 2, 'WRONG_PIN'),
      atmMoneyWithdrawn(2000, 5000),
      atmMoneyDeposited(300, 3000),
      withdrawalRefunded(2000, 3000),
    ];
    for (const event of events) expect(accountEventSchemas[event.type].schema.parse(event.data)).toEqual(event.data);
    for (const command of [atmWithdrawMoney(1), atmDepositMoney(1), refundWithdrawal(1), confirmAuthorizationFor(true, depositPurpose(1))]) {
      expect(accountCommandDataSchemas[command.type].safeParse(command.data).success).toBe(true);
    }
  });

  it('refuse a purpose of an unknown kind, without an ATM id, or with a zero amount', () => {
    const input = (purpose: object) => ({ accountId, pinMatches: true, purpose });
    const purpose = withdrawalPurpose(2000);
    expect(confirmAuthorizationInputSchema.safeParse(input(purpose)).success).toBe(true);
    expect(confirmAuthorizationInputSchema.safeParse(input({ ...purpose, kind: 'transfer' })).success).toBe(false);
    const { atmId: _atmId, ...withoutAtm } = purpose;
    expect(confirmAuthorizationInputSchema.safeParse(input(withoutAtm)).success).toBe(false);
    expect(confirmAuthorizationInputSchema.safeParse(input({ ...purpose, amount: 0 })).success).toBe(false);
  });
});
