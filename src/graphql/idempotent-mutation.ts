/**
 * The `idempotencyKey` every mutation input takes. With a key, the mutation runs at most once per key
 * and caller: a retry with the same key and the same input gets the first answer again and changes
 * nothing; the same key with another input (or for another mutation) is refused with
 * IdempotencyKeyReusedError. Keys are kept for 24 hours (application/idempotency.ts), with an HMAC
 * digest of the input, never the input (it may hold a PIN).
 *
 * Keys belong to the caller: the operator, one customer, or everyone without a token (then the PIN of
 * an ATM operation is part of the input, so only its holder can replay it). What is stored is the
 * service's outcome, not the GraphQL answer: objects in the answer are read fresh, and a session
 * token is issued anew, never stored.
 *
 * For a PIN-authorized mutation the PIN is left out of the input that must match, and checked again
 * before a stored success is replayed (application/pin-replay-check.ts): the answer to a reused key
 * must not tell whether a PIN is right, and a replayed sign-in must not outlive a lock.
 *
 * An outcome that says "try again" (a write conflict, a read model that did not catch up in time) is
 * not kept: a retry with the key runs again, with the same ids, so what the first
 * attempt may have stored is recognised instead of repeated.
 */
import { isValidIdempotencyKey } from '../application/idempotency.ts';
import type { Principal } from '../application/principal.ts';
import type { Rejection } from '../domain/decider.ts';
import type { GraphQLSchemaTypes } from './builder.ts';
import { type ErrorResult, type ErrorTypeName, errorOfRejection, invalidInputError, plainError } from './errors.ts';
import type { GraphQLContext } from './graphql-context.ts';

type InputFieldBuilder = PothosSchemaTypes.InputFieldBuilder<GraphQLSchemaTypes, 'InputObject'>;

/** The optional `idempotencyKey` input field. */
export function idempotencyKeyField(t: InputFieldBuilder) {
  return t.string({
    required: false,
    description:
      'Makes a retry safe: the same key with the same input returns the first answer and changes nothing; with another input it is refused. 1 to 200 printable ASCII characters (a UUID is a good key); kept 24 hours.',
  });
}

/** A service outcome. */
interface Outcome {
  readonly kind: string;
  readonly rejection?: Rejection;
}

/** The PIN of a PIN-authorized mutation, with its account (undefined for openAccount: the replayed answer names it). */
interface GivenPin {
  readonly accountId?: string;
  readonly pin: string;
}

export interface IdempotentOptions {
  /** Pass to the bank service: the ids of the command are derived from it. */
  readonly idempotencyKey?: string;
}

/**
 * Runs `execute` once per (caller, key); `input` is what must match on a retry (without the key and
 * without `consistency`, which changes only how long the answer waits).
 */
export async function runIdempotently<Result extends Outcome>(
  context: GraphQLContext,
  request: {
    readonly operation: string;
    readonly key: string | null | undefined;
    /** What must match on a retry; for a PIN-authorized mutation, without the PIN. */
    readonly input: unknown;
    /** The PIN of a PIN-authorized mutation: checked again before a stored success is replayed. */
    readonly pin?: GivenPin;
  },
  execute: (options: IdempotentOptions) => Promise<Result>,
): Promise<Result | ErrorResult> {
  const { key, operation, input } = request;
  if (key === null || key === undefined) return execute({});
  if (!isValidIdempotencyKey(key)) {
    return invalidInputError([{ path: 'idempotencyKey', message: 'Expected 1 to 200 printable ASCII characters, such as a UUID.' }]);
  }
  const outcome = await context.idempotency.run<Result>({ scope: scopeOf(context.principal), key, operation, input }, async (attempt) => {
    const result = await execute({ idempotencyKey: attempt.idempotencyKey });
    return { result, keep: isFinal(result) };
  });
  switch (outcome.kind) {
    case 'executed':
      return outcome.result;
    case 'replayed':
      return (await pinRefusalOnReplay(context, request.pin, outcome.result)) ?? outcome.result;
    case 'keyReused':
      return plainError(
        'IdempotencyKeyReusedError',
        'IdempotencyKeyReused',
        'This idempotencyKey was already used for another request (another mutation or other input). Use a new key for a new request.',
      );
    case 'inProgress':
      return plainError('IdempotencyKeyInUseError', 'IdempotencyKeyInUse', 'A request with this idempotencyKey is still running. Try again in a moment to get its answer.', {
        retryAfterSeconds: 1,
      });
  }
}

/** A replayed success of a PIN-authorized mutation goes out only after the PIN given now passed. */
async function pinRefusalOnReplay(
  context: GraphQLContext,
  pin: GivenPin | undefined,
  replayed: Outcome,
): Promise<ErrorResult | null> {
  if (pin === undefined || replayed.kind === 'rejected' || replayed.kind === 'invalid') return null;
  const accountId = pin.accountId ?? (replayed as { readonly accountId?: unknown }).accountId;
  if (typeof accountId !== 'string') return null;
  const refusal = await context.pinReplayCheck(accountId, pin.pin);
  return refusal === null ? null : errorOfRejection(refusal, PIN_REFUSALS);
}

const PIN_REFUSALS: ReadonlySet<ErrorTypeName> = new Set(['WrongPinError', 'AccountLockedError', 'AccountClosedError']);

function scopeOf(principal: Principal): string {
  switch (principal.kind) {
    case 'operator':
      return 'operator';
    case 'customer':
      return `customer:${principal.accountId}`;
    case 'anonymous':
      return 'anonymous';
  }
}

/** Whether the outcome is the answer for good, rather than "try again". */
function isFinal(outcome: Outcome): boolean {
  if (outcome.kind === 'timedOut' || outcome.kind === 'conflict') return false;
  return !(outcome.kind === 'rejected' && outcome.rejection?.code === 'ConcurrencyConflict');
}
