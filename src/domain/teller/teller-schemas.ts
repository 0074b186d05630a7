/**
 * Runtime schemas (zod 4) for the teller's commands and events, for data crossing a trust boundary:
 * command input from GraphQL, the CLI or a saga, and events read back from a store. Objects are
 * strict, so an unexpected field is refused rather than carried along.
 *
 * Every event type is at schema version 1. When an event's shape changes, its version goes up here
 * and an upcaster turns older payloads into the new shape. `tellerEventTypes` lists them for the
 * engine and for `event-type-catalog.ts`.
 */

import { z } from 'zod';
import {
  amountSchema,
  centsSchema,
  commandContextSchema,
  type EventTypeSchema,
  timestampSchema,
  uuidSchema,
} from '../message-schemas.ts';
import type { TellerCommand } from './teller-commands.ts';
import { ACCOUNT_REFUSAL_REASONS, type TellerEvent, WITHDRAWAL_DECLINE_REASONS } from './teller-events.ts';

const accountRefusalReasonSchema = z.enum(ACCOUNT_REFUSAL_REASONS);
const withdrawalOperation = { atmId: uuidSchema, withdrawalId: uuidSchema };
const depositOperation = { atmId: uuidSchema, depositId: uuidSchema };
const cashChange = { oldCash: centsSchema, newCash: centsSchema };

export const registerAtmInputSchema = z.strictObject({ atmId: uuidSchema, initialCash: centsSchema });
export const refillAtmInputSchema = z.strictObject({ atmId: uuidSchema, amount: amountSchema });
export const initiateWithdrawalInputSchema = z.strictObject({
  ...withdrawalOperation,
  accountId: uuidSchema,
  amount: amountSchema,
});
export const declineWithdrawalInputSchema = z.strictObject({ ...withdrawalOperation, reason: accountRefusalReasonSchema });
export const dispenseCashInputSchema = z.strictObject(withdrawalOperation);
export const reportDispenseFaultInputSchema = z.strictObject(withdrawalOperation);
export const initiateDepositInputSchema = z.strictObject({
  ...depositOperation,
  accountId: uuidSchema,
  amount: amountSchema,
});
export const acceptDepositedCashInputSchema = z.strictObject(depositOperation);
export const declineDepositInputSchema = z.strictObject({ ...depositOperation, reason: accountRefusalReasonSchema });

type CommandDataSchemas = { readonly [C in TellerCommand as C['type']]: z.ZodType<C['data']> };

/** The full data of each command: its input plus the dispatcher's `commandId` and `issuedAt`. */
export const tellerCommandDataSchemas: CommandDataSchemas = {
  'Tellers.RegisterAtm': registerAtmInputSchema.extend(commandContextSchema.shape),
  'Tellers.RefillAtm': refillAtmInputSchema.extend(commandContextSchema.shape),
  'Tellers.InitiateWithdrawal': initiateWithdrawalInputSchema.extend(commandContextSchema.shape),
  'Tellers.DeclineWithdrawal': declineWithdrawalInputSchema.extend(commandContextSchema.shape),
  'Tellers.DispenseCash': dispenseCashInputSchema.extend(commandContextSchema.shape),
  'Tellers.ReportDispenseFault': reportDispenseFaultInputSchema.extend(commandContextSchema.shape),
  'Tellers.InitiateDeposit': initiateDepositInputSchema.extend(commandContextSchema.shape),
  'Tellers.AcceptDepositedCash': acceptDepositedCashInputSchema.extend(commandContextSchema.shape),
  'Tellers.DeclineDeposit': declineDepositInputSchema.extend(commandContextSchema.shape),
};

export const atmRegisteredSchema = z.strictObject({
  atmId: uuidSchema,
  initialCash: centsSchema,
  registeredAt: timestampSchema,
});
export const atmRefilledSchema = z.strictObject({ atmId: uuidSchema, amount: amountSchema, ...cashChange });
export const withdrawalInitiatedSchema = z.strictObject({
  ...withdrawalOperation,
  accountId: uuidSchema,
  amount: amountSchema,
  reservedAfter: centsSchema,
});
export const withdrawalDeclinedSchema = z.strictObject({
  ...withdrawalOperation,
  accountId: uuidSchema,
  amount: amountSchema,
  reason: z.enum(WITHDRAWAL_DECLINE_REASONS),
});
export const tellerMoneyWithdrawnSchema = z.strictObject({
  ...withdrawalOperation,
  accountId: uuidSchema,
  amount: amountSchema,
  ...cashChange,
});
export const dispenseFaultReportedSchema = z.strictObject({
  ...withdrawalOperation,
  accountId: uuidSchema,
  amount: amountSchema,
  ...cashChange,
});
export const depositInitiatedSchema = z.strictObject({ ...depositOperation, accountId: uuidSchema, amount: amountSchema });
export const tellerMoneyDepositedSchema = z.strictObject({
  ...depositOperation,
  accountId: uuidSchema,
  amount: amountSchema,
  ...cashChange,
});
export const depositDeclinedSchema = z.strictObject({
  ...depositOperation,
  accountId: uuidSchema,
  amount: amountSchema,
  reason: accountRefusalReasonSchema,
});

type TellerEventSchemas = {
  readonly [E in TellerEvent as E['type']]: EventTypeSchema<E['type'], E['data']>;
};

const version1 = <Type extends TellerEvent['type'], Data>(type: Type, schema: z.ZodType<Data>) =>
  ({ type, schemaVersion: 1, schema }) as const;

/** By event type: `tellerEventSchemas['Tellers.AtmRegistered'].schemaVersion` is that type's current version. */
export const tellerEventSchemas: TellerEventSchemas = {
  'Tellers.AtmRegistered': version1('Tellers.AtmRegistered', atmRegisteredSchema),
  'Tellers.AtmRefilled': version1('Tellers.AtmRefilled', atmRefilledSchema),
  'Tellers.WithdrawalInitiated': version1('Tellers.WithdrawalInitiated', withdrawalInitiatedSchema),
  'Tellers.WithdrawalDeclined': version1('Tellers.WithdrawalDeclined', withdrawalDeclinedSchema),
  'Tellers.MoneyWithdrawn': version1('Tellers.MoneyWithdrawn', tellerMoneyWithdrawnSchema),
  'Tellers.DispenseFaultReported': version1('Tellers.DispenseFaultReported', dispenseFaultReportedSchema),
  'Tellers.DepositInitiated': version1('Tellers.DepositInitiated', depositInitiatedSchema),
  'Tellers.MoneyDeposited': version1('Tellers.MoneyDeposited', tellerMoneyDepositedSchema),
  'Tellers.DepositDeclined': version1('Tellers.DepositDeclined', depositDeclinedSchema),
};

/** Every teller event type with its current schema version and data schema. */
export const tellerEventTypes: readonly TellerEventSchemas[keyof TellerEventSchemas][] =
  Object.values(tellerEventSchemas);
