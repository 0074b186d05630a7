import { describe, expect, it } from 'vitest';
import { evolveAll } from '../../../src/domain/decider.ts';
import type { Cents } from '../../../src/domain/money.ts';
import type { TellerCommand } from '../../../src/domain/teller/teller-commands.ts';
import { DEFAULT_ATM_ID, DEFAULT_ATM_INITIAL_CASH, tellerDecider } from '../../../src/domain/teller/teller-decider.ts';
import type { TellerEvent } from '../../../src/domain/teller/teller-events.ts';
import { availableCash, isAtmCashEnough, type TellerState } from '../../../src/domain/teller/teller-state.ts';
import { isUuid } from '../../../src/domain/ids.ts';
import { accountId } from '../../support/account-fixtures.ts';
import { createDeciderSpecification } from '../../support/decider-specification.ts';
import {
  acceptDepositedCash,
  atmId,
  atmRefilled,
  atmRegistered,
  declineDeposit,
  declineWithdrawal,
  depositDeclined,
  depositId,
  depositInitiated,
  dispenseCash,
  dispenseFaultReported,
  initiateDeposit,
  initiateWithdrawal,
  otherWithdrawalId,
  refillAtm,
  registerAtm,
  reportDispenseFault,
  tellerMoneyDeposited,
  tellerMoneyWithdrawn,
  withdrawalDeclined,
  withdrawalId,
  withdrawalInitiated,
} from '../../support/teller-fixtures.ts';

const { given } = createDeciderSpecification(tellerDecider);
const MAX = Number.MAX_SAFE_INTEGER;
const cents = (value: number) => value as Cents;
const registered = (cash = 1000) => [atmRegistered(cash)];
/** 1000 in the machine, 300 of it reserved for `withdrawalId`. */
const reserved300 = () => [atmRegistered(1000), withdrawalInitiated(300, 300)];
/** 1000 in the machine, `withdrawalId` paid out 300. */
const dispensed300 = () => [...reserved300(), tellerMoneyWithdrawn(300, 1000)];
const fold = (events: readonly TellerEvent[]): TellerState => evolveAll(tellerDecider, tellerDecider.initialState, events);

describe('RegisterAtm', () => {
  it('registers an ATM with its initial cash, zero included', () => {
    given([]).when(registerAtm(5000)).then([atmRegistered(5000)]);
    given([]).when(registerAtm(0)).then([atmRegistered(0)]);
  });

  it('refuses to register an ATM twice', () => {
    given(registered()).when(registerAtm(5000)).thenRejects({ code: 'AtmAlreadyRegistered', details: { atmId } });
  });

  it.each([-1, 1.5, Number.NaN, MAX + 1])('refuses the initial cash %s', (amount) => {
    given([]).when(registerAtm(amount)).thenRejects({ code: 'InvalidAmount', details: { atmId, amount } });
  });

  it('has a default ATM with a canonical UUID and 1,000,000.00 in cash', () => {
    expect(isUuid(DEFAULT_ATM_ID)).toBe(true);
    expect(DEFAULT_ATM_INITIAL_CASH).toBe(100_000_000);
  });
});

describe('every command on an ATM never registered', () => {
  const commands: readonly TellerCommand[] = [
    refillAtm(100),
    initiateWithdrawal(100),
    declineWithdrawal('INSUFFICIENT_FUNDS'),
    dispenseCash(),
    reportDispenseFault(),
    initiateDeposit(100),
    acceptDepositedCash(),
    declineDeposit('ACCOUNT_CLOSED'),
  ];
  it.each(commands.map((command) => [command.type, command] as const))('refuses %s with AtmNotFound', (_, command) => {
    given([]).when(command).thenRejects({ code: 'AtmNotFound', details: { atmId } });
  });
});

describe('RefillAtm', () => {
  it('adds cash', () => {
    given(registered(1000)).when(refillAtm(500)).then([atmRefilled(500, 1000)]);
    given([...registered(1000), atmRefilled(500, 1000)]).when(refillAtm(1)).then([atmRefilled(1, 1500)]);
  });

  it('refills up to the largest exact amount and refuses to pass it', () => {
    given(registered(MAX - 10)).when(refillAtm(10)).then([atmRefilled(10, MAX - 10)]);
    given(registered(MAX - 10))
      .when(refillAtm(11))
      .thenRejects({ code: 'CashOverflow', details: { atmId, cash: cents(MAX - 10), amount: cents(11) } });
  });

  it.each([0, -5, 0.5, Number.POSITIVE_INFINITY])('refuses the amount %s', (amount) => {
    given(registered()).when(refillAtm(amount)).thenRejects({ code: 'InvalidAmount', details: { atmId, amount } });
  });
});

describe('InitiateWithdrawal', () => {
  it('reserves the amount when the ATM has the cash', () => {
    given(registered(1000)).when(initiateWithdrawal(300)).then([withdrawalInitiated(300, 300)]);
  });

  it('counts other reservations in reservedAfter and reserves up to exactly the free cash', () => {
    given(reserved300()).when(initiateWithdrawal(700, otherWithdrawalId)).then([withdrawalInitiated(700, 1000, otherWithdrawalId)]);
  });

  it('declines with ATM_OUT_OF_CASH when the free cash is short, as an event', () => {
    given(registered(1000)).when(initiateWithdrawal(1001)).then([withdrawalDeclined(1001, 'ATM_OUT_OF_CASH')]);
  });

  it('declines the second of two withdrawals racing for the last cash', () => {
    given(reserved300())
      .when(initiateWithdrawal(701, otherWithdrawalId))
      .then([withdrawalDeclined(701, 'ATM_OUT_OF_CASH', otherWithdrawalId)]);
  });

  it('frees the cash of a declined or dispensed withdrawal for the next one', () => {
    given([...reserved300(), withdrawalDeclined(300, 'INSUFFICIENT_FUNDS')])
      .when(initiateWithdrawal(1000, otherWithdrawalId))
      .then([withdrawalInitiated(1000, 1000, otherWithdrawalId)]);
    given(dispensed300())
      .when(initiateWithdrawal(700, otherWithdrawalId))
      .then([withdrawalInitiated(700, 700, otherWithdrawalId)]);
    given(dispensed300())
      .when(initiateWithdrawal(701, otherWithdrawalId))
      .then([withdrawalDeclined(701, 'ATM_OUT_OF_CASH', otherWithdrawalId)]);
  });

  it('does nothing for a withdrawal id it already knows, whatever became of it', () => {
    given(reserved300()).when(initiateWithdrawal(300)).then([]);
    given([...registered(100), withdrawalDeclined(300, 'ATM_OUT_OF_CASH')]).when(initiateWithdrawal(300)).then([]);
    given([...registered(100), withdrawalDeclined(300, 'ATM_OUT_OF_CASH'), atmRefilled(500, 100)])
      .when(initiateWithdrawal(300))
      .then([]);
    given(dispensed300()).when(initiateWithdrawal(300)).then([]);
  });

  it.each([0, -300, 2.5])('refuses the amount %s', (amount) => {
    given(registered()).when(initiateWithdrawal(amount)).thenRejects({ code: 'InvalidAmount', details: { atmId, amount } });
  });
});

describe('DeclineWithdrawal', () => {
  it('declines a reserved withdrawal with the account reason, taking amount and account from the reservation', () => {
    given(reserved300()).when(declineWithdrawal('INSUFFICIENT_FUNDS')).then([withdrawalDeclined(300, 'INSUFFICIENT_FUNDS')]);
    given(reserved300()).when(declineWithdrawal('ACCOUNT_CLOSED')).then([withdrawalDeclined(300, 'ACCOUNT_CLOSED')]);
  });

  it('does nothing for a withdrawal unknown, already declined or dispensed', () => {
    given(registered()).when(declineWithdrawal('INSUFFICIENT_FUNDS')).then([]);
    given([...reserved300(), withdrawalDeclined(300, 'ACCOUNT_NOT_FOUND')]).when(declineWithdrawal('ACCOUNT_CLOSED')).then([]);
    given(dispensed300()).when(declineWithdrawal('INSUFFICIENT_FUNDS')).then([]);
  });
});

describe('DispenseCash', () => {
  it('hands out a reserved withdrawal: the cash goes down by the amount', () => {
    given(reserved300()).when(dispenseCash()).then([tellerMoneyWithdrawn(300, 1000)]);
  });

  it('dispenses only once', () => {
    given(dispensed300()).when(dispenseCash()).then([]);
    given([...dispensed300(), dispenseFaultReported(300, 700)]).when(dispenseCash()).then([]);
  });

  it('refuses a withdrawal never initiated or already declined', () => {
    given(registered()).when(dispenseCash()).thenRejects({ code: 'WithdrawalNotFound', details: { atmId, withdrawalId } });
    given([...reserved300(), withdrawalDeclined(300, 'INSUFFICIENT_FUNDS')])
      .when(dispenseCash())
      .thenRejects({ code: 'WithdrawalAlreadyDeclined', details: { atmId, withdrawalId } });
  });
});

describe('ReportDispenseFault', () => {
  it('puts the notes of a dispensed withdrawal back into the cash', () => {
    given(dispensed300()).when(reportDispenseFault()).then([dispenseFaultReported(300, 700)]);
  });

  it('reports a fault only once', () => {
    given([...dispensed300(), dispenseFaultReported(300, 700)]).when(reportDispenseFault()).then([]);
  });

  it('refuses a fault before the dispense, after a decline, or for an unknown withdrawal', () => {
    const notDispensed = { code: 'WithdrawalNotDispensed', details: { atmId, withdrawalId } } as const;
    given(reserved300()).when(reportDispenseFault()).thenRejects(notDispensed);
    given([...reserved300(), withdrawalDeclined(300, 'ACCOUNT_CLOSED')]).when(reportDispenseFault()).thenRejects(notDispensed);
    given(registered())
      .when(reportDispenseFault())
      .thenRejects({ code: 'WithdrawalNotFound', details: { atmId, withdrawalId } });
  });

  it('refuses a fault whose notes could no longer be counted exactly', () => {
    const history = [atmRegistered(1000), withdrawalInitiated(300, 300), tellerMoneyWithdrawn(300, 1000), atmRefilled(MAX - 700, 700)];
    given(history)
      .when(reportDispenseFault())
      .thenRejects({ code: 'CashOverflow', details: { atmId, cash: cents(MAX), amount: cents(300) } });
  });
});

describe('InitiateDeposit', () => {
  it('initiates a deposit without touching the cash', () => {
    given(registered()).when(initiateDeposit(250)).then([depositInitiated(250)]);
  });

  it('does nothing for a deposit id it already knows', () => {
    given([...registered(), depositInitiated(250)]).when(initiateDeposit(250)).then([]);
    given([...registered(), depositInitiated(250), depositDeclined(250, 'ACCOUNT_CLOSED')]).when(initiateDeposit(250)).then([]);
  });

  it('refuses an invalid amount, and one the cash could not count exactly', () => {
    given(registered()).when(initiateDeposit(0)).thenRejects({ code: 'InvalidAmount', details: { atmId, amount: 0 } });
    given(registered(MAX))
      .when(initiateDeposit(1))
      .thenRejects({ code: 'CashOverflow', details: { atmId, cash: cents(MAX), amount: cents(1) } });
  });
});

describe('AcceptDepositedCash', () => {
  it('keeps the notes of an initiated deposit: the cash goes up by the amount', () => {
    given([...registered(1000), depositInitiated(250)]).when(acceptDepositedCash()).then([tellerMoneyDeposited(250, 1000)]);
  });

  it('accepts only once', () => {
    given([...registered(1000), depositInitiated(250), tellerMoneyDeposited(250, 1000)]).when(acceptDepositedCash()).then([]);
  });

  it('refuses a deposit never initiated or already declined', () => {
    given(registered()).when(acceptDepositedCash()).thenRejects({ code: 'DepositNotFound', details: { atmId, depositId } });
    given([...registered(), depositInitiated(250), depositDeclined(250, 'ACCOUNT_CLOSED')])
      .when(acceptDepositedCash())
      .thenRejects({ code: 'DepositAlreadyDeclined', details: { atmId, depositId } });
  });

  it('refuses when deposits initiated together would pass the largest exact cash', () => {
    given([...registered(MAX - 10), depositInitiated(10), atmRefilled(5, MAX - 10)])
      .when(acceptDepositedCash())
      .thenRejects({ code: 'CashOverflow', details: { atmId, cash: cents(MAX - 5), amount: cents(10) } });
  });
});

describe('DeclineDeposit', () => {
  it('declines an initiated deposit with the account reason', () => {
    given([...registered(), depositInitiated(250)]).when(declineDeposit('BALANCE_OVERFLOW')).then([depositDeclined(250, 'BALANCE_OVERFLOW')]);
  });

  it('does nothing for a deposit unknown, accepted or already declined', () => {
    given(registered()).when(declineDeposit('ACCOUNT_CLOSED')).then([]);
    given([...registered(1000), depositInitiated(250), tellerMoneyDeposited(250, 1000)]).when(declineDeposit('ACCOUNT_CLOSED')).then([]);
    given([...registered(), depositInitiated(250), depositDeclined(250, 'ACCOUNT_CLOSED')]).when(declineDeposit('ACCOUNT_NOT_FOUND')).then([]);
  });
});

describe('isAtmCashEnough', () => {
  it('compares the amount with the cash not yet reserved', () => {
    expect(isAtmCashEnough(fold([]), cents(1))).toBe(false);
    expect(isAtmCashEnough(fold(registered(1000)), cents(1000))).toBe(true);
    expect(isAtmCashEnough(fold(registered(1000)), cents(1001))).toBe(false);
    expect(isAtmCashEnough(fold(reserved300()), cents(700))).toBe(true);
    expect(isAtmCashEnough(fold(reserved300()), cents(701))).toBe(false);
  });
});

describe('evolve', () => {
  it('builds cash, reservations and operation statuses from a history', () => {
    const state = fold([
      ...dispensed300(),
      dispenseFaultReported(300, 700),
      withdrawalInitiated(200, 200, otherWithdrawalId),
      depositInitiated(50),
    ]);
    expect(state).toEqual({
      status: 'registered',
      atmId,
      cash: 1000,
      reserved: 200,
      withdrawals: {
        [withdrawalId]: { accountId, amount: 300, status: 'FAULTED' },
        [otherWithdrawalId]: { accountId, amount: 200, status: 'RESERVED' },
      },
      deposits: { [depositId]: { accountId, amount: 50, status: 'INITIATED' } },
    });
    if (state.status === 'registered') expect(availableCash(state)).toBe(800);
  });

  it('releases a reservation once, even when a decline follows the dispense', () => {
    const state = fold([...dispensed300(), withdrawalDeclined(300, 'ACCOUNT_CLOSED')]);
    expect(state).toMatchObject({ cash: 700, reserved: 0 });
  });

  it('ignores events before registration, a second registration and unknown types', () => {
    expect(fold([atmRefilled(100, 0), withdrawalInitiated(10, 10)])).toEqual({ status: 'unregistered' });
    const state = fold(registered(1000));
    expect(tellerDecider.evolve(state, atmRegistered(5))).toEqual(state);
    const unknown = { type: 'Tellers.SomethingNew', data: {} } as unknown as TellerEvent;
    expect(tellerDecider.evolve(state, unknown)).toEqual(state);
  });

  it('treats an operation id named like an Object.prototype member as unknown', () => {
    given(registered())
      .when(dispenseCash('constructor'))
      .thenRejects({ code: 'WithdrawalNotFound', details: { atmId, withdrawalId: 'constructor' } });
    given(registered()).when(initiateWithdrawal(10, 'toString')).then([withdrawalInitiated(10, 10, 'toString')]);
  });
});
