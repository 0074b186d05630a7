/**
 * What every mutation shares: the `consistency` argument, the result union of one success type and
 * the error types it can return, and the translation of a service outcome into a member of that union.
 */
import type { BankCommandAccepted, BankOutcome } from '../application/bank-service.ts';
import type { Consistency } from '../application/consistency-gate.ts';
import type { ArgBuilder } from '@pothos/core';
import { builder, type GraphQLSchemaTypes } from './builder.ts';
import { type ErrorResult, type ErrorTypeName, errorOfRejection, errorRefs, invalidInputError, isErrorResult, plainError } from './errors.ts';

export const ConsistencyEnum = builder.enumType('Consistency', {
  description: 'How long a mutation waits before it answers.',
  values: {
    STRONG: {
      value: 'strong',
      description: 'Answer once every read model includes the change: a query right after sees it, and the ATM operations report how they ended.',
    },
    EVENTUAL: {
      value: 'eventual',
      description:
        'Answer as soon as the change is stored (for an ATM operation: as soon as the PIN is accepted; it is then PENDING). Objects read from the read models in the answer may not show the change yet.',
    },
  } as const,
});

/** The `consistency` argument of every mutation: optional, STRONG by default. */
export function consistencyArg(arg: ArgBuilder<GraphQLSchemaTypes>) {
  return arg({ type: ConsistencyEnum, required: false, defaultValue: 'strong', description: 'STRONG (the default) or EVENTUAL.' });
}

export const toConsistency = (value: Consistency | null | undefined): Consistency => value ?? 'strong';

/** Always possible: bad input, a lost race, a slow read side, a refusal without a type of its own, a reused idempotency key. */
const COMMON_ERRORS: readonly ErrorTypeName[] = [
  'InvalidInputError',
  'ConcurrencyConflictError',
  'ConsistencyTimeoutError',
  'CommandRejectedError',
  'IdempotencyKeyReusedError',
  'IdempotencyKeyInUseError',
];

export interface ResultUnion<Success> {
  readonly ref: ReturnType<typeof unionOf<Success>>;
  readonly errors: ReadonlySet<ErrorTypeName>;
}

function unionOf<Success>(name: string, description: string, success: PothosSchemaTypes.ObjectRef<GraphQLSchemaTypes, Success>, errors: readonly ErrorTypeName[]) {
  return builder.unionType(name, {
    description,
    types: [success, ...errors.map((error) => errorRefs[error])],
    resolveType: (value) => (value as { readonly __typename: string }).__typename,
  });
}

/** `<name> = <success> | <the given errors> | the common errors`. */
export function resultUnion<Success>(
  name: string,
  success: PothosSchemaTypes.ObjectRef<GraphQLSchemaTypes, Success>,
  errors: readonly ErrorTypeName[],
): ResultUnion<Success> {
  const all = [...new Set([...errors, ...COMMON_ERRORS])];
  const description = `The success of the mutation, or why it did not happen: ${all.join(', ')}.`;
  return { ref: unionOf(name, description, success, all), errors: new Set(all) };
}

/**
 * The union member for a service outcome: `toSuccess` for an accepted one, else the error object. An
 * error object decided before the service was called (a reused idempotency key, the PIN attempt
 * limit) is passed through as it is.
 */
export function toMutationResult<Ids, Success>(
  outcome: BankOutcome<Ids> | ErrorResult,
  errors: ReadonlySet<ErrorTypeName>,
  toSuccess: (accepted: BankCommandAccepted<Ids>) => Success,
): Success | ErrorResult {
  if (isErrorResult(outcome)) return outcome;
  return outcome.kind === 'accepted' ? toSuccess(outcome) : toErrorResult(outcome, errors);
}

/** The error object for an outcome that is not a success. */
export function toErrorResult(outcome: Exclude<BankOutcome<unknown>, { readonly kind: 'accepted' }>, errors: ReadonlySet<ErrorTypeName>): ErrorResult {
  switch (outcome.kind) {
    case 'rejected':
      return errorOfRejection(outcome.rejection, errors);
    case 'invalid':
      return invalidInputError(outcome.issues);
    case 'conflict':
      return plainError('ConcurrencyConflictError', 'ConcurrencyConflict', 'Too many requests changed the same thing at once; nothing was stored. Please try again.', {
        attempts: outcome.attempts,
      });
    case 'timedOut':
      return plainError('ConsistencyTimeoutError', 'ConsistencyTimeout', outcome.message, { position: outcome.position });
  }
}

/** The description every success type's object fields share. */
export const READ_MODEL_FIELD_NOTE =
  'Read from the read models: with STRONG consistency it includes this change; with EVENTUAL it may not yet, or be null while the read model has not seen the object.';
