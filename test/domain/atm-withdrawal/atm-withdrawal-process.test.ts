import { describe, expect, it } from 'vitest';
import { accountDecider } from '../../../src/domain/account/account-decider.ts';
import {
  type AtmWithdrawalState,
  atmWithdrawalProcess,
  initialAtmWithdrawalState,
  withdrawalRefusalReasonOf,
} from '../../../src/domain/atm-withdrawal/atm-withdrawal-process.ts';
import type { Cents } from '../../../src/domain/money.ts';
import { tellerDecider } from '../../../src/domain/teller/teller-decider.ts';
import { accountId, moneyWithdrawn } from '../../support/account-fixtures.ts';
import {
  atmMoneyWithdrawn,
  authorizationConfirmedFor,
  authorizationFailedFor,
  depositPurpose,
  withdrawalPurpose,
  withdrawalRefunded,
} from '../../support/atm-account-fixtures.ts';
import { handleEvent, handleRejection } from '../../support/process-manager-specification.ts';
import { createSagaSimulation, simulatedAggregate } from '../../support/saga-simulation.ts';
import {
  atmId,
  dispenseFaultReported,
  otherWithdrawalId,
  tellerMoneyWithdrawn,
  withdrawalDeclined,
  withdrawalId,
  withdrawalInitiated,
} from '../../support/teller-fixtures.ts';

const pm = atmWithdrawalProcess;
const cents = (value: number) => value as Cents;
const details = { withdrawalId, accountId, atmId, amount: cents(2000) };
const withStatus = (status: AtmWithdrawalState['status'], declineReason: AtmWithdrawalState['declineReason'] = null) =>
  ({ ...details, status, declineReason }) satisfies AtmWithdrawalState;
const started = () => [authorizationConfirmedFor(withdrawalPurpose(2000))];
const reserved = () => [...started(), withdrawalInitiated(2000, 2000)];
const debited = () => [...reserved(), atmMoneyWithdrawn(2000, 5000)];

describe('atm-withdrawal routes', () => {
  it('starts on a confirmed authorization, stops on the end of every path', () => {
    expect(pm.name).toBe('atm-withdrawal');
    expect(pm.routes).toEqual({
      'Accounts.AuthorizationConfirmed': 'start',
      'Tellers.WithdrawalInitiated': 'continue',
      'Accounts.MoneyWithdrawn': 'continue',
      'Tellers.DispenseFaultReported': 'continue',
      'Tellers.MoneyWithdrawn': 'stop',
      'Tellers.WithdrawalDeclined': 'stop',
      'Accounts.AuthorizationFailed': 'stop',
      'Accounts.WithdrawalRefunded': 'stop',
    });
    expect(pm.initialState).toEqual({ ...initialAtmWithdrawalState, status: 'NOT_STARTED' });
  });
});

describe('the happy path', () => {
  it('initiates the withdrawal on the ATM once the PIN is confirmed for a withdrawal', () => {
    expect(handleEvent(pm, [], authorizationConfirmedFor(withdrawalPurpose(2000)))).toEqual({
      route: 'start',
      instanceId: withdrawalId,
      state: withStatus('PENDING'),
      commands: [{ type: 'Tellers.InitiateWithdrawal', data: { atmId, withdrawalId, accountId, amount: 2000 } }],
    });
  });

  it('debits the account once the ATM reserved the cash, with the withdrawal and ATM ids', () => {
    expect(handleEvent(pm, started(), withdrawalInitiated(2000, 2000))).toEqual({
      route: 'continue',
      instanceId: withdrawalId,
      state: withStatus('PENDING'),
      commands: [{ type: 'Accounts.WithdrawMoney', data: { accountId, amount: 2000, withdrawalId, atmId } }],
    });
  });

  it('dispenses the cash once the account was debited', () => {
    expect(handleEvent(pm, reserved(), atmMoneyWithdrawn(2000, 5000))).toEqual({
      route: 'continue',
      instanceId: withdrawalId,
      state: withStatus('PENDING'),
      commands: [{ type: 'Tellers.DispenseCash', data: { atmId, withdrawalId } }],
    });
  });

  it('completes when the notes are handed out', () => {
    expect(handleEvent(pm, debited(), tellerMoneyWithdrawn(2000, 100_000))).toEqual({
      route: 'stop',
      instanceId: withdrawalId,
      state: withStatus('COMPLETED'),
      commands: [],
    });
  });
});

describe('declines', () => {
  it.each(['WRONG_PIN', 'ACCOUNT_LOCKED', 'ACCOUNT_CLOSED'] as const)('stops on a failed authorization (%s) with no commands', (reason) => {
    expect(handleEvent(pm, [], authorizationFailedFor(withdrawalPurpose(2000), 1, reason))).toEqual({
      route: 'stop',
      instanceId: withdrawalId,
      state: withStatus('DECLINED', reason),
      commands: [],
    });
  });

  it('stops when the ATM is out of cash', () => {
    expect(handleEvent(pm, started(), withdrawalDeclined(2000, 'ATM_OUT_OF_CASH'))).toEqual({
      route: 'stop',
      instanceId: withdrawalId,
      state: withStatus('DECLINED', 'ATM_OUT_OF_CASH'),
      commands: [],
    });
  });

  it.each([
    ['InsufficientFunds', 'INSUFFICIENT_FUNDS'],
    ['AccountClosed', 'ACCOUNT_CLOSED'],
    ['AccountNotFound', 'ACCOUNT_NOT_FOUND'],
    ['InvalidAmount', 'INVALID_AMOUNT'],
    ['SomethingNew', 'ACCOUNT_REJECTED'],
    ['toString', 'ACCOUNT_REJECTED'],
  ] as const)('declines the withdrawal on the ATM when the account refuses the debit with %s', (code, reason) => {
    const debit = { type: 'Accounts.WithdrawMoney', data: { accountId, amount: cents(2000), withdrawalId, atmId } } as const;
    expect(handleRejection(pm, reserved(), debit, { code })).toEqual([
      { type: 'Tellers.DeclineWithdrawal', data: { atmId, withdrawalId, reason } },
    ]);
    expect(withdrawalRefusalReasonOf(code)).toBe(reason);
  });

  it('stops as DECLINED with the account reason once the ATM released the reservation', () => {
    expect(handleEvent(pm, reserved(), withdrawalDeclined(2000, 'INSUFFICIENT_FUNDS'))).toEqual({
      route: 'stop',
      instanceId: withdrawalId,
      state: withStatus('DECLINED', 'INSUFFICIENT_FUNDS'),
      commands: [],
    });
  });

  it('has no compensation for a refused teller command or a debit without ATM ids', () => {
    const initiate = { type: 'Tellers.InitiateWithdrawal', data: { atmId, withdrawalId, accountId, amount: cents(2000) } } as const;
    expect(handleRejection(pm, started(), initiate, { code: 'AtmNotFound' })).toEqual([]);
    const plainDebit = { type: 'Accounts.WithdrawMoney', data: { accountId, amount: cents(2000) } } as const;
    expect(handleRejection(pm, reserved(), plainDebit, { code: 'InsufficientFunds' })).toEqual([]);
  });
});

describe('a debit that lands after the withdrawal was declined (possible only across a crash)', () => {
  it('refunds the account when the ATM refuses to dispense a declined withdrawal', () => {
    const dispense = { type: 'Tellers.DispenseCash', data: { atmId, withdrawalId } } as const;
    expect(handleRejection(pm, [atmMoneyWithdrawn(2000, 5000)], dispense, { code: 'WithdrawalAlreadyDeclined' })).toEqual([
      { type: 'Accounts.RefundWithdrawal', data: { accountId, withdrawalId, amount: 2000 } },
    ]);
  });

  it('does not refund for other dispense refusals', () => {
    const dispense = { type: 'Tellers.DispenseCash', data: { atmId, withdrawalId } } as const;
    expect(handleRejection(pm, debited(), dispense, { code: 'AtmNotFound' })).toEqual([]);
  });
});

describe('the dispense fault compensation', () => {
  it('refunds the account from the fault event alone, in an instance started afresh after the completion', () => {
    expect(handleEvent(pm, [], dispenseFaultReported(2000, 98_000))).toEqual({
      route: 'continue',
      instanceId: withdrawalId,
      state: withStatus('REFUNDING'),
      commands: [{ type: 'Accounts.RefundWithdrawal', data: { accountId, withdrawalId, amount: 2000 } }],
    });
  });

  it('stops as REFUNDED once the account got the money back', () => {
    expect(handleEvent(pm, [dispenseFaultReported(2000, 98_000)], withdrawalRefunded(2000, 3000))).toEqual({
      route: 'stop',
      instanceId: withdrawalId,
      state: withStatus('REFUNDED'),
      commands: [],
    });
  });
});

describe('events that are not for this saga', () => {
  it('skips authorizations for a deposit or without a purpose, and withdrawals without ATM ids', () => {
    expect(handleEvent(pm, [], authorizationConfirmedFor(depositPurpose(500))).instanceId).toBeNull();
    expect(handleEvent(pm, [], authorizationFailedFor(depositPurpose(500), 1)).instanceId).toBeNull();
    const plainConfirmation = { type: 'Accounts.AuthorizationConfirmed', data: { accountId, confirmedAt: '2026-11-26T10:00:00.000Z' } } as const;
    expect(handleEvent(pm, [], plainConfirmation)).toMatchObject({ instanceId: null, commands: [] });
    expect(handleEvent(pm, [], moneyWithdrawn(100, 500))).toMatchObject({ instanceId: null, commands: [] });
  });
});

describe('the saga with the real deciders', () => {
  const simulate = (initialCash: number, balance: number) => {
    const simulation = createSagaSimulation(
      [
        simulatedAggregate('Accounts.', accountDecider, 'accountId'),
        simulatedAggregate('Tellers.', tellerDecider, 'atmId'),
      ],
      [atmWithdrawalProcess],
    );
    simulation.dispatch({ type: 'Tellers.RegisterAtm', data: { atmId, initialCash } });
    simulation.dispatch({ type: 'Accounts.OpenAccount', data: { accountId, owner: 'Ada', pinHash: 'x', openedAt: '2026-11-26T09:00:00.000Z' } });
    simulation.dispatch({ type: 'Accounts.DepositMoney', data: { accountId, amount: balance } });
    return simulation;
  };
  const authorize = (amount: number, pinMatches = true, id = withdrawalId) => ({
    type: 'Accounts.ConfirmAuthorization',
    data: { accountId, pinMatches, purpose: withdrawalPurpose(amount, id) },
  });
  const typesAfterSetup = (events: readonly { type: string }[]) => events.slice(3).map((event) => event.type);

  it('pays out: reserve, debit, dispense', () => {
    const simulation = simulate(10_000, 5000);
    simulation.dispatch(authorize(2000));
    expect(typesAfterSetup(simulation.events)).toEqual([
      'Accounts.AuthorizationConfirmed',
      'Tellers.WithdrawalInitiated',
      'Accounts.MoneyWithdrawn',
      'Tellers.MoneyWithdrawn',
    ]);
    expect(simulation.events.at(-1)?.data).toMatchObject({ oldCash: 10_000, newCash: 8000 });
    expect(simulation.instanceState(pm.name, withdrawalId)).toBeUndefined();
  });

  it('declines on insufficient funds and releases the reserved cash', () => {
    const simulation = simulate(10_000, 1000);
    simulation.dispatch(authorize(2000));
    expect(typesAfterSetup(simulation.events)).toEqual([
      'Accounts.AuthorizationConfirmed',
      'Tellers.WithdrawalInitiated',
      'Tellers.WithdrawalDeclined',
    ]);
    expect(simulation.log.find((entry) => entry.rejection !== undefined)?.rejection).toBe('InsufficientFunds');
    expect(simulation.events.at(-1)?.data).toMatchObject({ reason: 'INSUFFICIENT_FUNDS', amount: 2000 });
    simulation.dispatch(authorize(1000, true, otherWithdrawalId));
    expect(simulation.events.at(-1)).toMatchObject({ type: 'Tellers.MoneyWithdrawn', data: { newCash: 9000 } });
  });

  it('declines when the ATM lacks the cash, without touching the account', () => {
    const simulation = simulate(1000, 5000);
    simulation.dispatch(authorize(2000));
    expect(typesAfterSetup(simulation.events)).toEqual(['Accounts.AuthorizationConfirmed', 'Tellers.WithdrawalDeclined']);
  });

  it('does nothing after a wrong PIN', () => {
    const simulation = simulate(10_000, 5000);
    simulation.dispatch(authorize(2000, false));
    expect(typesAfterSetup(simulation.events)).toEqual(['Accounts.AuthorizationFailed']);
  });

  it('refunds the account exactly once after a dispense fault', () => {
    const simulation = simulate(10_000, 5000);
    simulation.dispatch(authorize(2000));
    simulation.dispatch({ type: 'Tellers.ReportDispenseFault', data: { atmId, withdrawalId } });
    simulation.dispatch({ type: 'Tellers.ReportDispenseFault', data: { atmId, withdrawalId } });
    expect(typesAfterSetup(simulation.events).slice(4)).toEqual(['Tellers.DispenseFaultReported', 'Accounts.WithdrawalRefunded']);
    expect(simulation.events.at(-1)?.data).toMatchObject({ oldBalance: 3000, newBalance: 5000 });
    expect(simulation.events.at(-2)?.data).toMatchObject({ oldCash: 8000, newCash: 10_000 });
  });
});
