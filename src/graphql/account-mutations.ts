/**
 * The account mutations: open, deposit at the counter, close, unlock. Each takes one `input` and the
 * optional `consistency`, calls one bank-service method and returns its result union.
 */
import type { GlobalPosition } from '../event-store/event-store.ts';
import { AccountRef } from './account-types.ts';
import type { IssuedSessionToken } from '../application/session-tokens.ts';
import { builder, type GraphQLSchemaTypes } from './builder.ts';
import { idempotencyKeyField, runIdempotently } from './idempotent-mutation.ts';
import { isErrorResult } from './errors.ts';
import { withPinAttemptLimit } from './pin-attempt-limit.ts';
import { SESSION_TOKEN_DESCRIPTION } from './session-mutations.ts';
import { consistencyArg, READ_MODEL_FIELD_NOTE, resultUnion, toConsistency, toErrorResult, toMutationResult } from './mutation-results.ts';

/** Who an unlock is recorded as done by: the holder of the operator token. */
export const API_OPERATOR = 'operator (GraphQL API)';

type AccountSuccessName = 'OpenAccountSuccess' | 'DepositSuccess' | 'CloseAccountSuccess' | 'UnlockAccountSuccess';

interface AccountSuccess<Name extends AccountSuccessName> {
  readonly __typename: Name;
  readonly accountId: string;
  readonly position: GlobalPosition;
}

interface OpenAccountSuccess extends AccountSuccess<'OpenAccountSuccess'> {
  readonly session: IssuedSessionToken;
}

type AccountSuccessFieldBuilder<Name extends AccountSuccessName> = PothosSchemaTypes.ObjectFieldBuilder<GraphQLSchemaTypes, AccountSuccess<Name>>;

function accountSuccessFields<Name extends AccountSuccessName>(t: AccountSuccessFieldBuilder<Name>) {
  return {
    accountId: t.exposeID('accountId'),
    position: t.string({ description: 'The position of the last event the mutation stored.', resolve: (s) => String(s.position) }),
    account: t.field({
      type: AccountRef,
      nullable: true,
      description: `The account after the change. ${READ_MODEL_FIELD_NOTE}`,
      resolve: (s, _args, { readModels }) => readModels.findAccount(s.accountId),
    }),
  };
}

function accountSuccess<Name extends AccountSuccessName>(name: Name, description: string) {
  return builder.objectRef<AccountSuccess<Name>>(name).implement({ description, fields: (t) => accountSuccessFields(t) });
}

const OpenAccountSuccessRef = builder.objectRef<OpenAccountSuccess>('OpenAccountSuccess').implement({
  description: 'The account is open, with a balance of 0, and its owner is signed in.',
  fields: (t) => ({
    ...accountSuccessFields<'OpenAccountSuccess'>(t),
    token: t.string({ description: SESSION_TOKEN_DESCRIPTION, resolve: (s) => s.session.token }),
    tokenExpiresAt: t.field({ type: 'DateTime', description: 'When the token stops working; sign in with login then.', resolve: (s) => s.session.expiresAt }),
  }),
});

const success = <Name extends AccountSuccessName>(__typename: Name) => (accepted: { readonly accountId: string; readonly position: GlobalPosition }): AccountSuccess<Name> => ({
  __typename,
  accountId: accepted.accountId,
  position: accepted.position,
});

/** The PIN errors come from a replay with a PIN other than the first one (see idempotent-mutation.ts). */
const OpenAccountResult = resultUnion('OpenAccountResult', OpenAccountSuccessRef, ['WrongPinError', 'AccountLockedError', 'AccountClosedError', 'TooManyAttemptsError']);
const DepositResult = resultUnion('DepositResult', accountSuccess('DepositSuccess', 'The money is on the account.'), [
  'NotFoundError',
  'AccountClosedError',
  'BalanceOverflowError',
]);
const CloseAccountResult = resultUnion('CloseAccountResult', accountSuccess('CloseAccountSuccess', 'The account is closed.'), [
  'NotFoundError',
  'AccountClosedError',
  'BalanceNotZeroError',
]);
const UnlockAccountResult = resultUnion('UnlockAccountResult', accountSuccess('UnlockAccountSuccess', 'The account is unlocked (unlocking an unlocked account changes nothing).'), [
  'NotFoundError',
  'AccountClosedError',
]);

const OpenAccountInput = builder.inputType('OpenAccountInput', {
  fields: (t) => ({
    owner: t.string({ description: 'The owner\'s name, 1 to 200 characters.' }),
    pin: t.string({ description: '4 to 12 digits. Only a salted hash of it is stored.' }),
    idempotencyKey: idempotencyKeyField(t),
  }),
});
const DepositInput = builder.inputType('DepositInput', {
  fields: (t) => ({ accountId: t.id(), amount: t.field({ type: 'Money', description: 'More than 0.' }), idempotencyKey: idempotencyKeyField(t) }),
});
const AccountIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ accountId: t.id(), idempotencyKey: idempotencyKeyField(t) }) });
const CloseAccountInput = AccountIdInput('CloseAccountInput');
const UnlockAccountInput = AccountIdInput('UnlockAccountInput');

builder.mutationFields((t) => ({
  openAccount: t.field({
    type: OpenAccountResult.ref,
    description: 'Opens an account with a new id and a PIN, and signs its owner in (the success carries a session token). Anyone may open one.',
    args: { input: t.arg({ type: OpenAccountInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, context) => {
      const request = { owner: input.owner, pin: input.pin };
      const open = () =>
        runIdempotently(
          context,
          { operation: 'openAccount', key: input.idempotencyKey, input: { owner: request.owner }, pin: { pin: request.pin } },
          (options) => context.bank.openAccount(request, { consistency: toConsistency(consistency), ...options }),
        );
      // Only a replay checks a PIN (the first one of the key's account), so only a keyed request counts as a PIN attempt.
      const outcome = input.idempotencyKey === null || input.idempotencyKey === undefined ? await open() : await withPinAttemptLimit(context, open);
      context.loaders.clearAll();
      if (isErrorResult(outcome)) return outcome;
      if (outcome.kind !== 'accepted') return toErrorResult(outcome, OpenAccountResult.errors);
      const session = await context.sessionTokens.issue(outcome.accountId);
      return { __typename: 'OpenAccountSuccess' as const, accountId: outcome.accountId, position: outcome.position, session };
    },
  }),
  deposit: t.field({
    type: DepositResult.ref,
    description: 'Deposits money at the counter (no PIN). The account\'s customer or an operator.',
    authScopes: (_root, { input }) => ({ $any: { operator: true, accountOwner: String(input.accountId) } }),
    args: { input: t.arg({ type: DepositInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, context) => {
      const request = { accountId: String(input.accountId), amount: input.amount };
      const outcome = await runIdempotently(context, { operation: 'deposit', key: input.idempotencyKey, input: request }, (options) =>
        context.bank.deposit(request, { consistency: toConsistency(consistency), ...options }),
      );
      context.loaders.clearAll();
      return toMutationResult(outcome, DepositResult.errors, success('DepositSuccess'));
    },
  }),
  closeAccount: t.field({
    type: CloseAccountResult.ref,
    description: 'Closes an empty account. The account\'s customer or an operator.',
    authScopes: (_root, { input }) => ({ $any: { operator: true, accountOwner: String(input.accountId) } }),
    args: { input: t.arg({ type: CloseAccountInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, context) => {
      const request = { accountId: String(input.accountId) };
      const outcome = await runIdempotently(context, { operation: 'closeAccount', key: input.idempotencyKey, input: request }, (options) =>
        context.bank.closeAccount(request, { consistency: toConsistency(consistency), ...options }),
      );
      context.loaders.clearAll();
      return toMutationResult(outcome, CloseAccountResult.errors, success('CloseAccountSuccess'));
    },
  }),
  unlockAccount: t.field({
    type: UnlockAccountResult.ref,
    description: 'Lifts the lock that three wrong PINs in a row put on an account. Operators only.',
    authScopes: { operator: true },
    args: { input: t.arg({ type: UnlockAccountInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, context) => {
      const request = { accountId: String(input.accountId), unlockedBy: API_OPERATOR };
      const outcome = await runIdempotently(context, { operation: 'unlockAccount', key: input.idempotencyKey, input: request }, (options) =>
        context.bank.unlockAccount(request, { consistency: toConsistency(consistency), ...options }),
      );
      context.loaders.clearAll();
      return toMutationResult(outcome, UnlockAccountResult.errors, success('UnlockAccountSuccess'));
    },
  }),
}));
