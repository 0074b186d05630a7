/**
 * The account's historical event shapes and the upcasters that turn them into current ones.
 *
 * - `Accounts.AccountOpened` version 1 called the owner `ownerName`; version 2 calls it `owner`
 *   (a field renamed in place).
 * - `Accounts.AccountCredited` version 1 `{ accountId, amount, balance }`, written by the first
 *   release, was replaced by `Accounts.MoneyDeposited` (a historical type replaced by a new one).
 *   The type string `Accounts.AccountCredited` is never written again, but stored events keep it.
 *
 * The historical schemas are frozen: they describe events already stored, so they never change
 * (test/event-schemas.lock.json holds their fingerprints beside the current ones). They repeat the
 * field rules of the current schemas on purpose instead of importing them, so that tightening a
 * current rule cannot silently change what a historical event is read as.
 */

import { z } from 'zod';
import {
  type EventUpcaster,
  type UpcastableEvent,
  UnreadableHistoricalEventError,
} from '../event-upcaster.ts';
import { isUuid } from '../ids.ts';
import { type Cents, isCents, isValidAmount, subtractCents } from '../money.ts';
import type { AccountOpenedData, MoneyDepositedData } from './account-events.ts';
import { isPinHashWellFormed, type PinHash } from './account-pin.ts';
import type { EventTypeSchema } from './account-schemas.ts';

const uuidV1 = z.string().refine(isUuid, { error: 'Expected a UUID written in lowercase.' });
const timestampV1 = z.iso.datetime();
const amountV1 = z.custom<Cents>(isValidAmount, { error: 'Expected a whole, positive number of cents.' });
const balanceV1 = z.custom<Cents>(isCents, { error: 'Expected a whole, non-negative number of cents.' });
const pinHashV1 = z.custom<PinHash>(isPinHashWellFormed, { error: 'Expected a PIN hash as hashPin writes it.' });
const nameV1 = z.string().min(1).max(200).regex(/\S/, { error: 'Expected a name that is not blank.' });

/** `Accounts.AccountOpened` version 1: the owner was called `ownerName`. */
export const accountOpenedV1Schema = z.strictObject({
  accountId: uuidV1,
  ownerName: nameV1,
  pinHash: pinHashV1,
  openedAt: timestampV1,
});

/** `Accounts.AccountCredited` version 1, the first release's deposit: the balance after it, no time. */
export const accountCreditedV1Schema = z.strictObject({
  accountId: uuidV1,
  amount: amountV1,
  balance: balanceV1,
});

/** Event types and versions that are no longer written but are still stored. */
export const accountHistoricalEventTypes: readonly EventTypeSchema[] = [
  { type: 'Accounts.AccountOpened', schemaVersion: 1, schema: accountOpenedV1Schema },
  { type: 'Accounts.AccountCredited', schemaVersion: 1, schema: accountCreditedV1Schema },
];

function parseHistoricalOrThrow<T>(schema: z.ZodType<T>, event: UpcastableEvent): T {
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) {
    throw new UnreadableHistoricalEventError(event, `its data does not match the historical schema (${z.prettifyError(parsed.error)}).`);
  }
  return parsed.data;
}

const accountOpenedV1ToV2: EventUpcaster = {
  eventType: 'Accounts.AccountOpened',
  fromSchemaVersion: 1,
  upcast(event) {
    const { accountId, ownerName, pinHash, openedAt } = parseHistoricalOrThrow(accountOpenedV1Schema, event);
    const data = { accountId, owner: ownerName, pinHash, openedAt } satisfies AccountOpenedData;
    return { eventType: 'Accounts.AccountOpened', schemaVersion: 2, data };
  },
};

const accountCreditedV1ToMoneyDepositedV1: EventUpcaster = {
  eventType: 'Accounts.AccountCredited',
  fromSchemaVersion: 1,
  toEventType: 'Accounts.MoneyDeposited',
  toSchemaVersion: 1,
  upcast(event) {
    const { accountId, amount, balance } = parseHistoricalOrThrow(accountCreditedV1Schema, event);
    const oldBalance = subtractCents(balance, amount);
    if (oldBalance === null) {
      throw new UnreadableHistoricalEventError(event, `its balance (${balance}) is smaller than its amount (${amount}).`);
    }
    const data = {
      accountId,
      amount,
      oldBalance,
      newBalance: balance,
      // The first release stored no time in the payload. The store's recording time, set in the
      // transaction that wrote the deposit, is the closest record of when it happened.
      depositedAt: event.recordedAt,
    } satisfies MoneyDepositedData;
    return { eventType: 'Accounts.MoneyDeposited', schemaVersion: 1, data };
  },
};

/** Every upcaster of the account's events, for `event-type-catalog.ts`. */
export const accountUpcasters: readonly EventUpcaster[] = [accountOpenedV1ToV2, accountCreditedV1ToMoneyDepositedV1];
