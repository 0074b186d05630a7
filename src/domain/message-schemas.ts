/**
 * The zod rules for fields that the commands and events of every aggregate share (ids, timestamps,
 * amounts, the dispatcher's command context), and the shape under which an aggregate lists its event
 * types. Aggregate schema files build their message schemas from these pieces.
 */

import { z } from 'zod';
import { isUuid } from './ids.ts';
import { type Cents, isCents, isValidAmount } from './money.ts';

export const uuidSchema = z.string().refine(isUuid, { error: 'Expected a UUID written in lowercase.' });

/** ISO-8601 in UTC with a `Z`, as `Date.prototype.toISOString` writes it. */
export const timestampSchema = z.iso.datetime();

/** An amount to move: a whole, positive number of cents. */
export const amountSchema = z.custom<Cents>(isValidAmount, {
  error: `Expected a whole, positive number of cents no larger than ${Number.MAX_SAFE_INTEGER}.`,
});

/** A balance or a stock of cash: a whole, non-negative number of cents. */
export const centsSchema = z.custom<Cents>(isCents, {
  error: `Expected a whole, non-negative number of cents no larger than ${Number.MAX_SAFE_INTEGER}.`,
});

/** The fields the dispatcher stamps on every command (see command-context.ts). */
export const commandContextSchema = z.strictObject({ commandId: uuidSchema, issuedAt: timestampSchema });

/** One event type as stored: its type string, the schema version it is written with, and its data schema. */
export interface EventTypeSchema<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly schemaVersion: number;
  readonly schema: z.ZodType<Data>;
}
