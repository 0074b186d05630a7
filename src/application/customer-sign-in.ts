/**
 * Signing in with the account id and the PIN, for a session token. It is an authorization attempt like
 * the ATM's: `Accounts.ConfirmAuthorization` without a purpose (so no saga starts), recorded as
 * AuthorizationConfirmed or AuthorizationFailed, and the lockout counts the failures.
 *
 * An unknown account and a wrong PIN give the same answer (`WrongPin`, see authorization-refusals.ts),
 * in the same time (account-aggregate.ts runs scrypt for unknown accounts too), so signing in does not
 * tell anyone which account ids exist.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { GlobalPosition } from '../event-store/event-store.ts';
import { pinSchema } from './account-aggregate.ts';
import { authorizationRefusal, unknownAccountRefusal } from './authorization-refusals.ts';
import type { CommandDispatcher } from './command-dispatcher.ts';
import { toValidationIssues } from './command-validation.ts';
import { deterministicUuid } from './deterministic-uuid.ts';
import type { CommandConflict, CommandInvalid, CommandRejected } from './dispatch-outcome.ts';

/** The PIN matched: the caller may be given a session token for the account (session-tokens.ts). */
export interface SignedIn {
  readonly kind: 'signedIn';
  readonly accountId: string;
  /** The position of the AuthorizationConfirmed event. */
  readonly position: GlobalPosition;
}

export type SignInOutcome = SignedIn | CommandRejected | CommandInvalid | CommandConflict;

export interface CustomerSignIn {
  /** `idempotencyKey` (see bank-service.ts) derives the command id, so a retry is recognised. */
  signIn(input: { readonly accountId: string; readonly pin: string }, options?: { readonly idempotencyKey?: string }): Promise<SignInOutcome>;
}

const signInSchema = z.strictObject({
  accountId: z.uuid({ error: 'Expected the id of an account (a UUID).' }),
  pin: pinSchema,
});

export function createCustomerSignIn(deps: { readonly dispatcher: Pick<CommandDispatcher, 'dispatch'> }): CustomerSignIn {
  return {
    async signIn(input, options = {}) {
      const validation = signInSchema.safeParse(input);
      if (!validation.success) return { kind: 'invalid', issues: toValidationIssues(validation.error.issues) };
      const { accountId, pin } = validation.data;
      const outcome = await deps.dispatcher.dispatch(
        { type: 'Accounts.ConfirmAuthorization', data: { accountId, pin } },
        {
          commandId: options.idempotencyKey === undefined ? randomUUID() : deterministicUuid(options.idempotencyKey, 'Accounts.ConfirmAuthorization'),
          consistency: 'eventual',
        },
      );
      if (outcome.kind === 'invalid' || outcome.kind === 'conflict') return outcome;
      if (outcome.kind === 'rejected') return { kind: 'rejected', rejection: unknownAccountRefusal(outcome.rejection, accountId) };
      const failed = outcome.events.find((event) => event.eventType === 'Accounts.AuthorizationFailed');
      if (failed) return { kind: 'rejected', rejection: authorizationRefusal(failed) };
      return { kind: 'signedIn', accountId, position: outcome.position };
    },
  };
}
