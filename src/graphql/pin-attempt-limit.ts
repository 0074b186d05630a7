/**
 * Runs a PIN-checking operation (login, initiateWithdrawal, initiateDeposit) under the per-address
 * limit of failed PIN attempts (application/pin-attempt-limiter.ts). Past the limit the operation is
 * not tried at all and the caller gets TooManyAttemptsError with how long to wait.
 */
import type { Rejection } from '../domain/decider.ts';
import { type ErrorResult, plainError } from './errors.ts';
import type { GraphQLContext } from './graphql-context.ts';

/** Refusals that tell the caller something about a PIN or an account: they count against the address. */
const COUNTED_REFUSALS: ReadonlySet<string> = new Set(['WrongPin', 'AccountLocked', 'AccountClosed', 'AccountNotFound']);

/** A service outcome, or an error object already made (a refused replay, say). */
type Outcome = { readonly kind?: string; readonly rejection?: Rejection; readonly code?: string };

export async function withPinAttemptLimit<T extends Outcome>(context: GraphQLContext, attempt: (pinAccepted: () => void) => Promise<T>): Promise<T | ErrorResult> {
  const counts = (outcome: T): boolean => {
    const code = outcome.kind === 'rejected' ? outcome.rejection?.code : outcome.code;
    return code !== undefined && COUNTED_REFUSALS.has(code);
  };
  const result = await context.pinAttempts.attempt(context.clientAddress, attempt, counts);
  if (result.kind === 'done') return result.value;
  return plainError(
    'TooManyAttemptsError',
    'TooManyAttempts',
    `Too many wrong PINs came from your address. Try again in ${result.retryAfterSeconds} seconds.`,
    { retryAfterSeconds: result.retryAfterSeconds },
  );
}
