/**
 * Runtime schemas (zod 4) for the account's commands and events, for the places where data crosses a
 * trust boundary: command input arriving from GraphQL or the CLI, and events read back from a store.
 * Objects are strict, so an unexpected field (a plain `pin`, say) is refused rather than carried along.
 *
 * Every event type has a schema version; AccountOpened is at 2 (its `ownerName` became `owner`, see account-upcasters.ts), the others at 1. When an event's shape changes, its version
 * goes up here and an upcaster turns older payloads into the new shape. `accountEventTypes` lists
 * them for the engine to check payloads by type and version. The optional ATM fields (`purpose`,
 * `withdrawalId`, `depositId`, `atmId`) were added before the first release, under the same versions.
 */

import { z } from 'zod';
import { isUuid } from '../ids.ts';
import { type Cents, isCents, isValidAmount } from '../money.ts';
import type { AccountCommand } from './account-commands.ts';
import { commandContextSchema, type EventTypeSchema } from '../message-schemas.ts';
import {
  type AccountEvent,
  AUTHORIZATION_FAILURE_REASONS,
  AUTHORIZATION_PURPOSE_KINDS,
} from './account-events.ts';
import { isPinHashWellFormed, type PinHash } from './account-pin.ts';

/** Defined in message-schemas.ts (shared by every aggregate); still exported here for existing importers. */
export { commandContextSchema };
export type { EventTypeSchema };

const uuidSchema = z.string().refine(isUuid, { error: 'Expected a UUID written in lowercase.' });
/** ISO-8601 in UTC with a `Z`, as `Date.prototype.toISOString` writes it. */
const timestampSchema = z.iso.datetime();
const amountSchema = z.custom<Cents>(isValidAmount, {
  error: `Expected a whole, positive number of cents no larger than ${Number.MAX_SAFE_INTEGER}.`,
});
const balanceSchema = z.custom<Cents>(isCents, {
  error: `Expected a whole, non-negative number of cents no larger than ${Number.MAX_SAFE_INTEGER}.`,
});
const pinHashSchema = z.custom<PinHash>(isPinHashWellFormed, {
  error: 'Expected a PIN hash of the form scrypt$N$r$p$salt$hash, as hashPin writes it.',
});
const nameSchema = z.string().min(1).max(200).regex(/\S/, { error: 'Expected a name that is not blank.' });
/**
 * Names typed by people: no control characters and no unpaired UTF-16 surrogate (PostgreSQL can store
 * neither a NUL nor half a character). Commands only, so event schemas keep their shape.
 */
const typedNameSchema = nameSchema
  .regex(/^[^\p{Cc}]*$/u, { error: 'Expected a name without control characters.' })
  .refine((name) => name.isWellFormed(), { error: 'Expected a name made of whole characters: it holds half of one (an unpaired UTF-16 surrogate).' });
const failureCountSchema = z.number().int().min(0);

/** What an ATM authorization is for, copied from the command into the authorization event. */
export const authorizationPurposeSchema = z.strictObject({
  kind: z.enum(AUTHORIZATION_PURPOSE_KINDS),
  operationId: uuidSchema,
  atmId: uuidSchema,
  amount: amountSchema,
});

export const openAccountInputSchema = z.strictObject({
  accountId: uuidSchema,
  owner: typedNameSchema,
  pinHash: pinHashSchema,
  openedAt: timestampSchema,
});
export const depositMoneyInputSchema = z.strictObject({
  accountId: uuidSchema,
  amount: amountSchema,
  depositId: uuidSchema.optional(),
  atmId: uuidSchema.optional(),
});
export const withdrawMoneyInputSchema = z.strictObject({
  accountId: uuidSchema,
  amount: amountSchema,
  withdrawalId: uuidSchema.optional(),
  atmId: uuidSchema.optional(),
});
export const confirmAuthorizationInputSchema = z.strictObject({
  accountId: uuidSchema,
  pinMatches: z.boolean(),
  purpose: authorizationPurposeSchema.optional(),
});
export const refundWithdrawalInputSchema = z.strictObject({
  accountId: uuidSchema,
  withdrawalId: uuidSchema,
  amount: amountSchema,
});
export const unlockAccountInputSchema = z.strictObject({ accountId: uuidSchema, unlockedBy: typedNameSchema });
export const closeAccountInputSchema = z.strictObject({ accountId: uuidSchema });

type CommandDataSchemas = { readonly [C in AccountCommand as C['type']]: z.ZodType<C['data']> };

/** The full data of each command: its input plus the dispatcher's `commandId` and `issuedAt`. */
export const accountCommandDataSchemas: CommandDataSchemas = {
  'Accounts.OpenAccount': openAccountInputSchema.extend(commandContextSchema.shape),
  'Accounts.DepositMoney': depositMoneyInputSchema.extend(commandContextSchema.shape),
  'Accounts.WithdrawMoney': withdrawMoneyInputSchema.extend(commandContextSchema.shape),
  'Accounts.ConfirmAuthorization': confirmAuthorizationInputSchema.extend(commandContextSchema.shape),
  'Accounts.UnlockAccount': unlockAccountInputSchema.extend(commandContextSchema.shape),
  'Accounts.CloseAccount': closeAccountInputSchema.extend(commandContextSchema.shape),
  'Accounts.RefundWithdrawal': refundWithdrawalInputSchema.extend(commandContextSchema.shape),
};

export const accountOpenedSchema = z.strictObject({
  accountId: uuidSchema,
  owner: nameSchema,
  pinHash: pinHashSchema,
  openedAt: timestampSchema,
});
export const moneyDepositedSchema = z.strictObject({
  accountId: uuidSchema,
  amount: amountSchema,
  oldBalance: balanceSchema,
  newBalance: balanceSchema,
  depositedAt: timestampSchema,
  depositId: uuidSchema.optional(),
  atmId: uuidSchema.optional(),
});
export const moneyWithdrawnSchema = z.strictObject({
  accountId: uuidSchema,
  amount: amountSchema,
  oldBalance: balanceSchema,
  newBalance: balanceSchema,
  withdrawnAt: timestampSchema,
  withdrawalId: uuidSchema.optional(),
  atmId: uuidSchema.optional(),
});
export const authorizationConfirmedSchema = z.strictObject({
  accountId: uuidSchema,
  confirmedAt: timestampSchema,
  purpose: authorizationPurposeSchema.optional(),
});
export const authorizationFailedSchema = z.strictObject({
  accountId: uuidSchema,
  reason: z.enum(AUTHORIZATION_FAILURE_REASONS),
  consecutiveFailures: failureCountSchema,
  failedAt: timestampSchema,
  purpose: authorizationPurposeSchema.optional(),
});
export const accountLockedSchema = z.strictObject({
  accountId: uuidSchema,
  consecutiveFailures: failureCountSchema.min(1),
  lockedAt: timestampSchema,
});
export const accountUnlockedSchema = z.strictObject({
  accountId: uuidSchema,
  unlockedBy: nameSchema,
  unlockedAt: timestampSchema,
});
export const accountClosedSchema = z.strictObject({ accountId: uuidSchema, closedAt: timestampSchema });
export const withdrawalRefundedSchema = z.strictObject({
  accountId: uuidSchema,
  withdrawalId: uuidSchema,
  amount: amountSchema,
  oldBalance: balanceSchema,
  newBalance: balanceSchema,
  refundedAt: timestampSchema,
});

type AccountEventSchemas = {
  readonly [E in AccountEvent as E['type']]: EventTypeSchema<E['type'], E['data']>;
};

/** By event type: `accountEventSchemas['Accounts.AccountOpened'].schemaVersion` is that type's current version. */
export const accountEventSchemas: AccountEventSchemas = {
  'Accounts.AccountOpened': { type: 'Accounts.AccountOpened', schemaVersion: 2, schema: accountOpenedSchema },
  'Accounts.MoneyDeposited': { type: 'Accounts.MoneyDeposited', schemaVersion: 1, schema: moneyDepositedSchema },
  'Accounts.MoneyWithdrawn': { type: 'Accounts.MoneyWithdrawn', schemaVersion: 1, schema: moneyWithdrawnSchema },
  'Accounts.AuthorizationConfirmed': {
    type: 'Accounts.AuthorizationConfirmed',
    schemaVersion: 1,
    schema: authorizationConfirmedSchema,
  },
  'Accounts.AuthorizationFailed': {
    type: 'Accounts.AuthorizationFailed',
    schemaVersion: 1,
    schema: authorizationFailedSchema,
  },
  'Accounts.AccountLocked': { type: 'Accounts.AccountLocked', schemaVersion: 1, schema: accountLockedSchema },
  'Accounts.AccountUnlocked': { type: 'Accounts.AccountUnlocked', schemaVersion: 1, schema: accountUnlockedSchema },
  'Accounts.AccountClosed': { type: 'Accounts.AccountClosed', schemaVersion: 1, schema: accountClosedSchema },
  'Accounts.WithdrawalRefunded': {
    type: 'Accounts.WithdrawalRefunded',
    schemaVersion: 1,
    schema: withdrawalRefundedSchema,
  },
};

/** Every account event type with its current schema version and data schema. */
export const accountEventTypes: readonly AccountEventSchemas[keyof AccountEventSchemas][] =
  Object.values(accountEventSchemas);
