/**
 * The account mutations: open, deposit at the counter, close, unlock. Each takes one `input` and the
 * optional `consistency`, calls one bank-service method and returns its result union.
 */
import type { GlobalPosition } from '../event-store/event-store.ts';
import { AccountRef } from './account-types.ts';
import { builder } from './builder.ts';
import { consistencyArg, READ_MODEL_FIELD_NOTE, resultUnion, toConsistency, toMutationResult } from './mutation-results.ts';

/** Who an unlock is recorded as done by: the API has no operator login yet. */
export const API_OPERATOR = 'GraphQL API';

type AccountSuccessName = 'OpenAccountSuccess' | 'DepositSuccess' | 'CloseAccountSuccess' | 'UnlockAccountSuccess';

interface AccountSuccess<Name extends AccountSuccessName> {
  readonly __typename: Name;
  readonly accountId: string;
  readonly position: GlobalPosition;
}

function accountSuccess<Name extends AccountSuccessName>(name: Name, description: string) {
  return builder.objectRef<AccountSuccess<Name>>(name).implement({
    description,
    fields: (t) => ({
      accountId: t.exposeID('accountId'),
      position: t.string({ description: 'The position of the last event the mutation stored.', resolve: (s) => String(s.position) }),
      account: t.field({
        type: AccountRef,
        nullable: true,
        description: `The account after the change. ${READ_MODEL_FIELD_NOTE}`,
        resolve: (s, _args, { readModels }) => readModels.findAccount(s.accountId),
      }),
    }),
  });
}

const success = <Name extends AccountSuccessName>(__typename: Name) => (accepted: { readonly accountId: string; readonly position: GlobalPosition }): AccountSuccess<Name> => ({
  __typename,
  accountId: accepted.accountId,
  position: accepted.position,
});

const OpenAccountResult = resultUnion('OpenAccountResult', accountSuccess('OpenAccountSuccess', 'The account is open, with a balance of 0.'), []);
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
  }),
});
const DepositInput = builder.inputType('DepositInput', {
  fields: (t) => ({ accountId: t.id(), amount: t.field({ type: 'Money', description: 'More than 0.' }) }),
});
const AccountIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ accountId: t.id() }) });
const CloseAccountInput = AccountIdInput('CloseAccountInput');
const UnlockAccountInput = AccountIdInput('UnlockAccountInput');

builder.mutationFields((t) => ({
  openAccount: t.field({
    type: OpenAccountResult.ref,
    description: 'Opens an account with a new id and a PIN.',
    args: { input: t.arg({ type: OpenAccountInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, { bank, loaders }) => {
      const outcome = await bank.openAccount(input, { consistency: toConsistency(consistency) });
      loaders.clearAll();
      return toMutationResult(outcome, OpenAccountResult.errors, success('OpenAccountSuccess'));
    },
  }),
  deposit: t.field({
    type: DepositResult.ref,
    description: 'Deposits money at the counter (no PIN).',
    args: { input: t.arg({ type: DepositInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, { bank, loaders }) => {
      const outcome = await bank.deposit({ accountId: String(input.accountId), amount: input.amount }, { consistency: toConsistency(consistency) });
      loaders.clearAll();
      return toMutationResult(outcome, DepositResult.errors, success('DepositSuccess'));
    },
  }),
  closeAccount: t.field({
    type: CloseAccountResult.ref,
    description: 'Closes an empty account.',
    args: { input: t.arg({ type: CloseAccountInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, { bank, loaders }) => {
      const outcome = await bank.closeAccount({ accountId: String(input.accountId) }, { consistency: toConsistency(consistency) });
      loaders.clearAll();
      return toMutationResult(outcome, CloseAccountResult.errors, success('CloseAccountSuccess'));
    },
  }),
  unlockAccount: t.field({
    type: UnlockAccountResult.ref,
    description: 'Lifts the lock that three wrong PINs in a row put on an account.',
    args: { input: t.arg({ type: UnlockAccountInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, { bank, loaders }) => {
      const outcome = await bank.unlockAccount({ accountId: String(input.accountId), unlockedBy: API_OPERATOR }, { consistency: toConsistency(consistency) });
      loaders.clearAll();
      return toMutationResult(outcome, UnlockAccountResult.errors, success('UnlockAccountSuccess'));
    },
  }),
}));
