/**
 * The state of one ATM as the teller decider sees it, and `evolveTeller`, which folds the ATM's events
 * into it. Besides the physical cash, it remembers every withdrawal and deposit by id with its status,
 * so that a saga repeating a command gets the same answer instead of a second effect. The records are
 * plain objects (no Map), so the state survives JSON as a snapshot.
 *
 * `reserved` is the cash promised to withdrawals initiated but not yet dispensed or declined; the cash
 * still free for a new withdrawal is `cash - reserved` (`availableCash`).
 */

import { type Cents, subtractCents, ZERO_CENTS } from '../money.ts';
import type { TellerEvent } from './teller-events.ts';

/** RESERVED until dispensed or declined; a dispensed withdrawal is FAULTED when its notes stayed in the machine. */
export type TellerWithdrawalStatus = 'RESERVED' | 'DECLINED' | 'DISPENSED' | 'FAULTED';

export type TellerDepositStatus = 'INITIATED' | 'ACCEPTED' | 'DECLINED';

export interface TellerWithdrawal {
  readonly accountId: string;
  readonly amount: Cents;
  readonly status: TellerWithdrawalStatus;
}

export interface TellerDeposit {
  readonly accountId: string;
  readonly amount: Cents;
  readonly status: TellerDepositStatus;
}

export interface UnregisteredTeller {
  readonly status: 'unregistered';
}

export interface RegisteredTeller {
  readonly status: 'registered';
  readonly atmId: string;
  /** The notes physically in the machine, in cents. Never negative. */
  readonly cash: Cents;
  /** The part of `cash` promised to withdrawals in status RESERVED. Never more than `cash`. */
  readonly reserved: Cents;
  readonly withdrawals: Readonly<Record<string, TellerWithdrawal>>;
  readonly deposits: Readonly<Record<string, TellerDeposit>>;
}

export type TellerState = UnregisteredTeller | RegisteredTeller;

export const initialTellerState: TellerState = { status: 'unregistered' };

/** An own entry of a record, so an id such as `constructor` never finds `Object.prototype`'s. */
export function entryOf<Value>(record: Readonly<Record<string, Value>>, id: string): Value | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

/** The cash not yet promised to a withdrawal: `cash - reserved`. */
export function availableCash(state: RegisteredTeller): Cents {
  return subtractCents(state.cash, state.reserved) ?? ZERO_CENTS;
}

/**
 * Whether the ATM is registered and could reserve `amount` now. The ATM service asks before it asks
 * for the PIN, to refuse early a withdrawal the machine obviously cannot pay; the decider still
 * decides on the state it loads when the saga initiates the withdrawal.
 */
export function isAtmCashEnough(state: TellerState, amount: Cents): boolean {
  return state.status === 'registered' && availableCash(state) >= amount;
}

function release(reserved: Cents, amount: Cents): Cents {
  return subtractCents(reserved, amount) ?? ZERO_CENTS;
}

function withWithdrawal(state: RegisteredTeller, id: string, withdrawal: TellerWithdrawal): RegisteredTeller {
  return { ...state, withdrawals: { ...state.withdrawals, [id]: withdrawal } };
}

function withDeposit(state: RegisteredTeller, id: string, deposit: TellerDeposit): RegisteredTeller {
  return { ...state, deposits: { ...state.deposits, [id]: deposit } };
}

/** Never throws: an event that cannot apply (nothing registered yet, an unknown type) leaves the state as it is. */
export function evolveTeller(state: TellerState, event: TellerEvent): TellerState {
  if (state.status === 'unregistered') {
    if (event.type !== 'Tellers.AtmRegistered') return state;
    const { atmId, initialCash } = event.data;
    return { status: 'registered', atmId, cash: initialCash, reserved: ZERO_CENTS, withdrawals: {}, deposits: {} };
  }
  switch (event.type) {
    case 'Tellers.AtmRefilled':
      return { ...state, cash: event.data.newCash };
    case 'Tellers.WithdrawalInitiated': {
      const { withdrawalId, accountId, amount, reservedAfter } = event.data;
      return { ...withWithdrawal(state, withdrawalId, { accountId, amount, status: 'RESERVED' }), reserved: reservedAfter };
    }
    case 'Tellers.WithdrawalDeclined': {
      const { withdrawalId, accountId, amount } = event.data;
      const wasReserved = entryOf(state.withdrawals, withdrawalId)?.status === 'RESERVED';
      const reserved = wasReserved ? release(state.reserved, amount) : state.reserved;
      return { ...withWithdrawal(state, withdrawalId, { accountId, amount, status: 'DECLINED' }), reserved };
    }
    case 'Tellers.MoneyWithdrawn': {
      const { withdrawalId, accountId, amount, newCash } = event.data;
      const wasReserved = entryOf(state.withdrawals, withdrawalId)?.status === 'RESERVED';
      const reserved = wasReserved ? release(state.reserved, amount) : state.reserved;
      return { ...withWithdrawal(state, withdrawalId, { accountId, amount, status: 'DISPENSED' }), cash: newCash, reserved };
    }
    case 'Tellers.DispenseFaultReported': {
      const { withdrawalId, accountId, amount, newCash } = event.data;
      return { ...withWithdrawal(state, withdrawalId, { accountId, amount, status: 'FAULTED' }), cash: newCash };
    }
    case 'Tellers.DepositInitiated': {
      const { depositId, accountId, amount } = event.data;
      return withDeposit(state, depositId, { accountId, amount, status: 'INITIATED' });
    }
    case 'Tellers.MoneyDeposited': {
      const { depositId, accountId, amount, newCash } = event.data;
      return { ...withDeposit(state, depositId, { accountId, amount, status: 'ACCEPTED' }), cash: newCash };
    }
    case 'Tellers.DepositDeclined': {
      const { depositId, accountId, amount } = event.data;
      return withDeposit(state, depositId, { accountId, amount, status: 'DECLINED' });
    }
    default:
      return state;
  }
}
