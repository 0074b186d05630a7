/**
 * Signing in: `login(input: {accountId, pin})` checks the PIN like an ATM does (the lockout counts a
 * wrong one, and so does the per-address PIN attempt limit) and returns a short-lived session token
 * for `Authorization: Bearer <token>`. An unknown account and a wrong PIN get the same WrongPinError.
 */
import { builder } from './builder.ts';
import { idempotencyKeyField, runIdempotently } from './idempotent-mutation.ts';
import { isErrorResult } from './errors.ts';
import { withPinAttemptLimit } from './pin-attempt-limit.ts';
import { resultUnion, toErrorResult } from './mutation-results.ts';

interface LoginSuccess {
  readonly __typename: 'LoginSuccess';
  readonly accountId: string;
  readonly token: string;
  readonly expiresAt: Date;
}

export const SESSION_TOKEN_DESCRIPTION = 'A session token for this account: send it as `Authorization: Bearer <token>` (HTTP, SSE and the WebSocket connection_init payload).';

const LoginSuccessRef = builder.objectRef<LoginSuccess>('LoginSuccess').implement({
  description: 'Signed in.',
  fields: (t) => ({
    accountId: t.exposeID('accountId'),
    token: t.exposeString('token', { description: SESSION_TOKEN_DESCRIPTION }),
    expiresAt: t.field({ type: 'DateTime', description: 'When the token stops working; sign in again then.', resolve: (s) => s.expiresAt }),
  }),
});

const LoginResult = resultUnion('LoginResult', LoginSuccessRef, ['WrongPinError', 'AccountLockedError', 'AccountClosedError', 'TooManyAttemptsError']);

const LoginInput = builder.inputType('LoginInput', {
  fields: (t) => ({
    accountId: t.id(),
    pin: t.string({ description: 'The account\'s PIN. Three wrong PINs in a row lock the account.' }),
    idempotencyKey: idempotencyKeyField(t),
  }),
});

builder.mutationFields((t) => ({
  login: t.field({
    type: LoginResult.ref,
    description: 'Signs in to one account with its PIN, for a session token. Counts as a PIN attempt.',
    args: { input: t.arg({ type: LoginInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const request = { accountId: String(input.accountId), pin: input.pin };
      const outcome = await withPinAttemptLimit(context, () =>
        runIdempotently(
          context,
          { operation: 'login', key: input.idempotencyKey, input: { accountId: request.accountId }, pin: { accountId: request.accountId, pin: request.pin } },
          (options) => context.signIn.signIn(request, options),
        ),
      );
      if (isErrorResult(outcome)) return outcome;
      if (outcome.kind !== 'signedIn') return toErrorResult(outcome, LoginResult.errors);
      const { token, expiresAt } = await context.sessionTokens.issue(outcome.accountId);
      return { __typename: 'LoginSuccess' as const, accountId: outcome.accountId, token, expiresAt };
    },
  }),
}));
