import { describe, expect, it } from 'vitest';
import { accountDecider, initialAccountState } from '../../../src/domain/account/account-decider.ts';
import type { AccountEvent } from '../../../src/domain/account/account-events.ts';
import { accountEventSchemas } from '../../../src/domain/account/account-schemas.ts';
import { accountUpcasters } from '../../../src/domain/account/account-upcasters.ts';
import { evolveAll } from '../../../src/domain/decider.ts';
import {
  createUpcasterChain,
  type EventPayload,
  type UpcastableEvent,
  UnreadableHistoricalEventError,
} from '../../../src/domain/event-upcaster.ts';
import { accountId, openedAt, owner, pinHash } from '../../support/account-fixtures.ts';

const chain = createUpcasterChain(accountUpcasters);
const recordedAt = '2026-11-26T09:30:00.000Z';

function stored(eventType: string, schemaVersion: number, data: EventPayload): UpcastableEvent {
  return { eventType, schemaVersion, data, metadata: {}, recordedAt };
}

/** Reads an upcast event as the decider's event, through the current schema of its type. */
function asCurrentAccountEvent(event: UpcastableEvent): AccountEvent {
  const type = event.eventType as AccountEvent['type'];
  const schema = accountEventSchemas[type]?.schema;
  if (!schema) throw new Error(`${event.eventType} is not a current account event type.`);
  return { type, data: schema.parse(event.data) } as AccountEvent;
}

const openedV1 = stored('Accounts.AccountOpened', 1, { accountId, ownerName: owner, pinHash, openedAt });
const credited = (amount: number, balance: number): UpcastableEvent =>
  stored('Accounts.AccountCredited', 1, { accountId, amount, balance });

describe('account upcasters', () => {
  it('renames ownerName to owner in AccountOpened version 1, giving version 2', () => {
    const upcast = chain.upcast(openedV1);
    expect(upcast).toMatchObject({ eventType: 'Accounts.AccountOpened', schemaVersion: 2 });
    expect(upcast.data).toEqual({ accountId, owner, pinHash, openedAt });
    expect(accountEventSchemas['Accounts.AccountOpened'].schema.safeParse(upcast.data).success).toBe(true);
  });

  it('turns the first release AccountCredited into MoneyDeposited, dated when the store recorded it', () => {
    const upcast = chain.upcast(credited(250, 750));
    expect(upcast).toMatchObject({ eventType: 'Accounts.MoneyDeposited', schemaVersion: 1 });
    expect(upcast.data).toEqual({ accountId, amount: 250, oldBalance: 500, newBalance: 750, depositedAt: recordedAt });
    expect(accountEventSchemas['Accounts.MoneyDeposited'].schema.safeParse(upcast.data).success).toBe(true);
  });

  it('lets the decider fold a history written by the first release', () => {
    const history = [openedV1, credited(500, 500), credited(250, 750)].map((e) => asCurrentAccountEvent(chain.upcast(e)));
    expect(evolveAll(accountDecider, initialAccountState, history)).toMatchObject({
      status: 'open',
      accountId,
      owner,
      balance: 750,
    });
  });

  it('leaves current shapes alone', () => {
    const opened = stored('Accounts.AccountOpened', 2, { accountId, owner, pinHash, openedAt });
    const deposited = stored('Accounts.MoneyDeposited', 1, { accountId, amount: 1, oldBalance: 0, newBalance: 1, depositedAt: recordedAt });
    expect(chain.upcast(opened)).toBe(opened);
    expect(chain.upcast(deposited)).toBe(deposited);
  });

  it('refuses a stored event that does not match its historical schema', () => {
    const unreadable = [
      credited(800, 750),
      stored('Accounts.AccountCredited', 1, { accountId, amount: 10 }),
      stored('Accounts.AccountOpened', 1, { accountId, owner, pinHash, openedAt }),
    ];
    for (const event of unreadable) {
      expect(() => chain.upcast(event)).toThrow(UnreadableHistoricalEventError);
    }
  });
});
