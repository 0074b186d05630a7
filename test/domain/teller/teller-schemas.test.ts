import { describe, expect, it } from 'vitest';
import { evolveAll } from '../../../src/domain/decider.ts';
import type { TellerCommand } from '../../../src/domain/teller/teller-commands.ts';
import { tellerDecider } from '../../../src/domain/teller/teller-decider.ts';
import type { TellerEvent } from '../../../src/domain/teller/teller-events.ts';
import {
  declineWithdrawalInputSchema,
  initiateWithdrawalInputSchema,
  registerAtmInputSchema,
  tellerCommandDataSchemas,
  tellerEventSchemas,
  tellerEventTypes,
} from '../../../src/domain/teller/teller-schemas.ts';
import { accountId } from '../../support/account-fixtures.ts';
import {
  acceptDepositedCash,
  atmId,
  declineDeposit,
  declineWithdrawal,
  dispenseCash,
  initiateDeposit,
  initiateWithdrawal,
  otherDepositId,
  otherWithdrawalId,
  refillAtm,
  registerAtm,
  reportDispenseFault,
  withdrawalId,
} from '../../support/teller-fixtures.ts';

/** A life that produces every event type: register, refill, pay out, fail, decline, race, deposit. */
const life: readonly TellerCommand[] = [
  registerAtm(1000),
  refillAtm(500),
  initiateWithdrawal(300),
  dispenseCash(),
  reportDispenseFault(),
  initiateWithdrawal(5000, otherWithdrawalId),
  initiateDeposit(200),
  acceptDepositedCash(),
  initiateDeposit(100, otherDepositId),
  declineDeposit('ACCOUNT_CLOSED', otherDepositId),
];

function liveThrough(commands: readonly TellerCommand[]): TellerEvent[] {
  const events: TellerEvent[] = [];
  for (const command of commands) {
    const decision = tellerDecider.decide(command, evolveAll(tellerDecider, tellerDecider.initialState, events));
    if (decision.kind === 'rejected') throw new Error(`${command.type} was refused: ${decision.rejection.message}`);
    events.push(...decision.events);
  }
  return events;
}

describe('teller event schemas', () => {
  it('list every event type once, all at schema version 1', () => {
    expect(tellerEventTypes.map(({ type, schemaVersion }) => [type, schemaVersion])).toEqual([
      ['Tellers.AtmRegistered', 1],
      ['Tellers.AtmRefilled', 1],
      ['Tellers.WithdrawalInitiated', 1],
      ['Tellers.WithdrawalDeclined', 1],
      ['Tellers.MoneyWithdrawn', 1],
      ['Tellers.DispenseFaultReported', 1],
      ['Tellers.DepositInitiated', 1],
      ['Tellers.MoneyDeposited', 1],
      ['Tellers.DepositDeclined', 1],
    ]);
  });

  it('accept every event the decider produces, unchanged', () => {
    const events = liveThrough(life);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(tellerEventTypes.map(({ type }) => type)));
    for (const event of events) {
      expect(tellerEventSchemas[event.type].schema.parse(event.data)).toEqual(event.data);
    }
  });

  it('refuse negative cash, unknown decline reasons and unknown fields', () => {
    const { schema: withdrawn } = tellerEventSchemas['Tellers.MoneyWithdrawn'];
    const payout = { atmId, withdrawalId, accountId, amount: 300, oldCash: 100, newCash: -200 };
    expect(withdrawn.safeParse(payout).success).toBe(false);
    const { schema: declined } = tellerEventSchemas['Tellers.WithdrawalDeclined'];
    const decline = { atmId, withdrawalId, accountId, amount: 300, reason: 'ATM_OUT_OF_CASH' };
    expect(declined.safeParse(decline).success).toBe(true);
    expect(declined.safeParse({ ...decline, reason: 'TOO_LATE' }).success).toBe(false);
    expect(declined.safeParse({ ...decline, pin: '1234' }).success).toBe(false);
  });
});

describe('teller command schemas', () => {
  it('accept every command the fixtures build', () => {
    for (const command of [...life, declineWithdrawal('INSUFFICIENT_FUNDS')]) {
      expect(tellerCommandDataSchemas[command.type].safeParse(command.data).success).toBe(true);
    }
  });

  it('accept zero as initial cash but not as a withdrawal amount', () => {
    expect(registerAtmInputSchema.safeParse({ atmId, initialCash: 0 }).success).toBe(true);
    expect(registerAtmInputSchema.safeParse({ atmId, initialCash: -1 }).success).toBe(false);
    const withdrawal = { atmId, withdrawalId, accountId, amount: 0 };
    expect(initiateWithdrawalInputSchema.safeParse(withdrawal).success).toBe(false);
  });

  it('refuse ATM_OUT_OF_CASH as a reason given by the saga: only the ATM decides it', () => {
    expect(declineWithdrawalInputSchema.safeParse({ atmId, withdrawalId, reason: 'ATM_OUT_OF_CASH' }).success).toBe(false);
    expect(declineWithdrawalInputSchema.safeParse({ atmId, withdrawalId, reason: 'ACCOUNT_CLOSED' }).success).toBe(true);
  });
});
