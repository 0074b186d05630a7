import { describe, expect, it } from 'vitest';
import { accountDecider } from '../../../src/domain/account/account-decider.ts';
import type { AccountCommand } from '../../../src/domain/account/account-commands.ts';
import type { AccountEvent } from '../../../src/domain/account/account-events.ts';
import {
  accountCommandDataSchemas,
  accountEventSchemas,
  accountEventTypes,
  depositMoneyInputSchema,
  openAccountInputSchema,
} from '../../../src/domain/account/account-schemas.ts';
import { evolveAll } from '../../../src/domain/decider.ts';
import {
  accountId,
  closeAccount,
  confirmAuthorization,
  depositMoney,
  openAccount,
  openedAt,
  owner,
  pinHash,
  unlockAccount,
  withdrawMoney,
} from '../../support/account-fixtures.ts';
import { refundWithdrawal } from '../../support/atm-account-fixtures.ts';

/** A life that produces every event type: open, move money, lock, unlock, empty, close, refuse. */
const life: readonly AccountCommand[] = [
  openAccount(),
  depositMoney(1000),
  withdrawMoney(1000),
  confirmAuthorization(true),
  confirmAuthorization(false),
  confirmAuthorization(false),
  confirmAuthorization(false),
  confirmAuthorization(true),
  unlockAccount(),
  closeAccount(),
  confirmAuthorization(true),
  refundWithdrawal(1000),
];

function liveThrough(commands: readonly AccountCommand[]): AccountEvent[] {
  const events: AccountEvent[] = [];
  for (const command of commands) {
    const decision = accountDecider.decide(command, evolveAll(accountDecider, accountDecider.initialState, events));
    if (decision.kind === 'rejected') throw new Error(`${command.type} was refused: ${decision.rejection.message}`);
    events.push(...decision.events);
  }
  return events;
}

describe('account event schemas', () => {
  it('list every event type once, each at its current schema version', () => {
    expect(accountEventTypes.map(({ type, schemaVersion }) => [type, schemaVersion])).toEqual([
      ['Accounts.AccountOpened', 2],
      ['Accounts.MoneyDeposited', 1],
      ['Accounts.MoneyWithdrawn', 1],
      ['Accounts.AuthorizationConfirmed', 1],
      ['Accounts.AuthorizationFailed', 1],
      ['Accounts.AccountLocked', 1],
      ['Accounts.AccountUnlocked', 1],
      ['Accounts.AccountClosed', 1],
      ['Accounts.WithdrawalRefunded', 1],
    ]);
  });

  it('accept every event the decider produces, unchanged', () => {
    const events = liveThrough(life);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(accountEventTypes.map(({ type }) => type)));
    for (const event of events) {
      expect(accountEventSchemas[event.type].schema.parse(event.data)).toEqual(event.data);
    }
  });

  it('refuse unknown fields, negative balances and unknown failure reasons', () => {
    const { schema: opened } = accountEventSchemas['Accounts.AccountOpened'];
    expect(opened.safeParse({ accountId, owner, pinHash, openedAt, pin: '1234' }).success).toBe(false);
    const { schema: withdrawn } = accountEventSchemas['Accounts.MoneyWithdrawn'];
    const withdrawal = { accountId, amount: 100, oldBalance: 50, newBalance: -50, withdrawnAt: openedAt };
    expect(withdrawn.safeParse(withdrawal).success).toBe(false);
    const { schema: failed } = accountEventSchemas['Accounts.AuthorizationFailed'];
    const failure = { accountId, reason: 'TOO_SLOW', consecutiveFailures: 1, failedAt: openedAt };
    expect(failed.safeParse(failure).success).toBe(false);
  });
});

describe('account command schemas', () => {
  it('accept every command the fixtures build', () => {
    for (const command of life) {
      expect(accountCommandDataSchemas[command.type].safeParse(command.data).success).toBe(true);
    }
  });

  it('refuse a plain PIN on a command', () => {
    expect(openAccountInputSchema.safeParse({ accountId, owner, pinHash, openedAt, pin: '1234' }).success).toBe(false);
    expect(openAccountInputSchema.safeParse({ accountId, owner, pinHash: '1234', openedAt }).success).toBe(false);
  });

  it.each([
    ['an amount of zero', { accountId, amount: 0 }],
    ['a fractional amount', { accountId, amount: 10.5 }],
    ['an amount past Number.MAX_SAFE_INTEGER', { accountId, amount: Number.MAX_SAFE_INTEGER + 1 }],
    ['an amount written as a string', { accountId, amount: '100' }],
    ['an account id in upper case', { accountId: accountId.toUpperCase(), amount: 100 }],
    ['an account id that is not a UUID', { accountId: 'account-1', amount: 100 }],
  ])('refuse a deposit with %s', (_, input) => {
    expect(depositMoneyInputSchema.safeParse(input).success).toBe(false);
  });

  it('refuse a command without the dispatcher context or with a local-time timestamp', () => {
    const schema = accountCommandDataSchemas['Accounts.CloseAccount'];
    expect(schema.safeParse({ accountId }).success).toBe(false);
    const commandId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(schema.safeParse({ accountId, commandId, issuedAt: '2026-11-26T10:00:00+01:00' }).success).toBe(false);
    expect(schema.safeParse({ accountId, commandId, issuedAt: '2026-11-26T10:00:00.000Z' }).success).toBe(true);
  });
});
