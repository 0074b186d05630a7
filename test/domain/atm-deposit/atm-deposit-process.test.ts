import { describe, expect, it } from 'vitest';
import { accountDecider } from '../../../src/domain/account/account-decider.ts';
import {
  type AtmDepositState,
  atmDepositProcess,
  depositRefusalReasonOf,
  initialAtmDepositState,
} from '../../../src/domain/atm-deposit/atm-deposit-process.ts';
import type { Cents } from '../../../src/domain/money.ts';
import { tellerDecider } from '../../../src/domain/teller/teller-decider.ts';
import { accountId, moneyDeposited } from '../../support/account-fixtures.ts';
import {
  atmMoneyDeposited,
  authorizationConfirmedFor,
  authorizationFailedFor,
  depositPurpose,
  withdrawalPurpose,
} from '../../support/atm-account-fixtures.ts';
import { handleEvent, handleRejection } from '../../support/process-manager-specification.ts';
import { createSagaSimulation, simulatedAggregate } from '../../support/saga-simulation.ts';
import {
  atmId,
  depositDeclined,
  depositId,
  depositInitiated,
  otherDepositId,
  tellerMoneyDeposited,
} from '../../support/teller-fixtures.ts';

const pm = atmDepositProcess;
const cents = (value: number) => value as Cents;
const details = { depositId, accountId, atmId, amount: cents(700) };
const withStatus = (status: AtmDepositState['status'], declineReason: AtmDepositState['declineReason'] = null) =>
  ({ ...details, status, declineReason }) satisfies AtmDepositState;
const started = () => [authorizationConfirmedFor(depositPurpose(700))];
const initiated = () => [...started(), depositInitiated(700)];
const credited = () => [...initiated(), atmMoneyDeposited(700, 5000)];

describe('atm-deposit routes', () => {
  it('starts on a confirmed authorization, stops on the end of every path', () => {
    expect(pm.name).toBe('atm-deposit');
    expect(pm.routes).toEqual({
      'Accounts.AuthorizationConfirmed': 'start',
      'Tellers.DepositInitiated': 'continue',
      'Accounts.MoneyDeposited': 'continue',
      'Tellers.MoneyDeposited': 'stop',
      'Tellers.DepositDeclined': 'stop',
      'Accounts.AuthorizationFailed': 'stop',
    });
    expect(pm.initialState).toEqual({ ...initialAtmDepositState, status: 'NOT_STARTED' });
  });
});

describe('the happy path', () => {
  it('initiates the deposit on the ATM once the PIN is confirmed for a deposit', () => {
    expect(handleEvent(pm, [], authorizationConfirmedFor(depositPurpose(700)))).toEqual({
      route: 'start',
      instanceId: depositId,
      state: withStatus('PENDING'),
      commands: [{ type: 'Tellers.InitiateDeposit', data: { atmId, depositId, accountId, amount: 700 } }],
    });
  });

  it('credits the account once the ATM initiated the deposit, with the deposit and ATM ids', () => {
    expect(handleEvent(pm, started(), depositInitiated(700))).toEqual({
      route: 'continue',
      instanceId: depositId,
      state: withStatus('PENDING'),
      commands: [{ type: 'Accounts.DepositMoney', data: { accountId, amount: 700, depositId, atmId } }],
    });
  });

  it('keeps the notes once the account was credited', () => {
    expect(handleEvent(pm, initiated(), atmMoneyDeposited(700, 5000))).toEqual({
      route: 'continue',
      instanceId: depositId,
      state: withStatus('PENDING'),
      commands: [{ type: 'Tellers.AcceptDepositedCash', data: { atmId, depositId } }],
    });
  });

  it('completes when the ATM kept the notes', () => {
    expect(handleEvent(pm, credited(), tellerMoneyDeposited(700, 100_000))).toEqual({
      route: 'stop',
      instanceId: depositId,
      state: withStatus('COMPLETED'),
      commands: [],
    });
  });
});

describe('declines', () => {
  it.each(['WRONG_PIN', 'ACCOUNT_LOCKED', 'ACCOUNT_CLOSED'] as const)('stops on a failed authorization (%s) with no commands', (reason) => {
    expect(handleEvent(pm, [], authorizationFailedFor(depositPurpose(700), 0, reason))).toEqual({
      route: 'stop',
      instanceId: depositId,
      state: withStatus('DECLINED', reason),
      commands: [],
    });
  });

  it.each([
    ['AccountClosed', 'ACCOUNT_CLOSED'],
    ['AccountNotFound', 'ACCOUNT_NOT_FOUND'],
    ['InvalidAmount', 'INVALID_AMOUNT'],
    ['BalanceOverflow', 'BALANCE_OVERFLOW'],
    ['InsufficientFunds', 'ACCOUNT_REJECTED'],
    ['hasOwnProperty', 'ACCOUNT_REJECTED'],
  ] as const)('declines the deposit on the ATM when the account refuses the credit with %s', (code, reason) => {
    const credit = { type: 'Accounts.DepositMoney', data: { accountId, amount: cents(700), depositId, atmId } } as const;
    expect(handleRejection(pm, initiated(), credit, { code })).toEqual([
      { type: 'Tellers.DeclineDeposit', data: { atmId, depositId, reason } },
    ]);
    expect(depositRefusalReasonOf(code)).toBe(reason);
  });

  it('stops as DECLINED with the account reason once the ATM handed the notes back', () => {
    expect(handleEvent(pm, initiated(), depositDeclined(700, 'BALANCE_OVERFLOW'))).toEqual({
      route: 'stop',
      instanceId: depositId,
      state: withStatus('DECLINED', 'BALANCE_OVERFLOW'),
      commands: [],
    });
  });

  it('has no compensation for a refused teller command or a credit without ATM ids', () => {
    const initiate = { type: 'Tellers.InitiateDeposit', data: { atmId, depositId, accountId, amount: cents(700) } } as const;
    expect(handleRejection(pm, started(), initiate, { code: 'CashOverflow' })).toEqual([]);
    const plainCredit = { type: 'Accounts.DepositMoney', data: { accountId, amount: cents(700) } } as const;
    expect(handleRejection(pm, initiated(), plainCredit, { code: 'AccountClosed' })).toEqual([]);
  });
});

describe('events that are not for this saga', () => {
  it('skips authorizations for a withdrawal or without a purpose, and deposits without ATM ids', () => {
    expect(handleEvent(pm, [], authorizationConfirmedFor(withdrawalPurpose(500))).instanceId).toBeNull();
    expect(handleEvent(pm, [], authorizationFailedFor(withdrawalPurpose(500), 1)).instanceId).toBeNull();
    const plainConfirmation = { type: 'Accounts.AuthorizationConfirmed', data: { accountId, confirmedAt: '2026-11-26T10:00:00.000Z' } } as const;
    expect(handleEvent(pm, [], plainConfirmation)).toMatchObject({ instanceId: null, commands: [] });
    expect(handleEvent(pm, [], moneyDeposited(100, 500))).toMatchObject({ instanceId: null, commands: [] });
  });
});

describe('the saga with the real deciders', () => {
  const simulate = (initialCash: number, balance: number) => {
    const simulation = createSagaSimulation(
      [simulatedAggregate('Accounts.', accountDecider, 'accountId'), simulatedAggregate('Tellers.', tellerDecider, 'atmId')],
      [atmDepositProcess],
    );
    simulation.dispatch({ type: 'Tellers.RegisterAtm', data: { atmId, initialCash } });
    simulation.dispatch({ type: 'Accounts.OpenAccount', data: { accountId, owner: 'Ada', pinHash: 'x', openedAt: '2026-11-26T09:00:00.000Z' } });
    simulation.dispatch({ type: 'Accounts.DepositMoney', data: { accountId, amount: balance } });
    return simulation;
  };
  const authorize = (amount: number, pinMatches = true, id = depositId) => ({
    type: 'Accounts.ConfirmAuthorization',
    data: { accountId, pinMatches, purpose: depositPurpose(amount, id) },
  });
  const typesAfterSetup = (events: readonly { type: string }[]) => events.slice(3).map((event) => event.type);

  it('takes the cash: initiate, credit, keep the notes', () => {
    const simulation = simulate(10_000, 5000);
    simulation.dispatch(authorize(700));
    expect(typesAfterSetup(simulation.events)).toEqual([
      'Accounts.AuthorizationConfirmed',
      'Tellers.DepositInitiated',
      'Accounts.MoneyDeposited',
      'Tellers.MoneyDeposited',
    ]);
    expect(simulation.events.at(-2)?.data).toMatchObject({ oldBalance: 5000, newBalance: 5700, depositId, atmId });
    expect(simulation.events.at(-1)?.data).toMatchObject({ oldCash: 10_000, newCash: 10_700 });
    expect(simulation.instanceState(pm.name, depositId)).toBeUndefined();
  });

  it('hands the notes back when the account refuses the credit', () => {
    const simulation = simulate(10_000, Number.MAX_SAFE_INTEGER - 100);
    simulation.dispatch(authorize(101, true, otherDepositId));
    expect(typesAfterSetup(simulation.events)).toEqual([
      'Accounts.AuthorizationConfirmed',
      'Tellers.DepositInitiated',
      'Tellers.DepositDeclined',
    ]);
    expect(simulation.events.at(-1)?.data).toMatchObject({ depositId: otherDepositId, reason: 'BALANCE_OVERFLOW' });
  });

  it('does nothing after a wrong PIN', () => {
    const simulation = simulate(10_000, 5000);
    simulation.dispatch(authorize(700, false));
    expect(typesAfterSetup(simulation.events)).toEqual(['Accounts.AuthorizationFailed']);
  });
});
