/**
 * The customer's ATM mutations: withdraw and deposit cash with the PIN. The PIN is checked at once;
 * the rest runs in the ATM sagas. STRONG waits for the saga's end: success means the notes were
 * handed out (or taken in), and a decline comes back as its error type (InsufficientFundsError, …)
 * with the recorded operation's id. EVENTUAL answers once the PIN is accepted, with status PENDING.
 */
import type { AtmOperationIds, BankCommandAccepted } from '../application/bank-service.ts';
import { AccountRef } from './account-types.ts';
import { DepositRef, WithdrawalRef } from './atm-operation-types.ts';
import { builder } from './builder.ts';
import type { ErrorTypeName } from './errors.ts';
import { idempotencyKeyField, runIdempotently } from './idempotent-mutation.ts';
import { withPinAttemptLimit } from './pin-attempt-limit.ts';
import { consistencyArg, READ_MODEL_FIELD_NOTE, resultUnion, toConsistency, toMutationResult } from './mutation-results.ts';

type OperationSuccessName = 'InitiateWithdrawalSuccess' | 'InitiateDepositSuccess';
type OperationSuccess<Name extends OperationSuccessName> = BankCommandAccepted<AtmOperationIds> & { readonly __typename: Name };

const OperationStatusEnum = builder.enumType('AtmOperationStatus', {
  values: {
    PENDING: { description: 'EVENTUAL: the PIN was accepted and the saga goes on in the background.' },
    COMPLETED: { description: 'STRONG: the saga ended and the money moved.' },
  } as const,
});

const ACCOUNT_AFTER = `The account after the operation. ${READ_MODEL_FIELD_NOTE}`;

const InitiateWithdrawalSuccess = builder.objectRef<OperationSuccess<'InitiateWithdrawalSuccess'>>('InitiateWithdrawalSuccess').implement({
  description: 'The withdrawal was accepted (EVENTUAL: PENDING) or completed (STRONG).',
  fields: (t) => ({
    withdrawalId: t.exposeID('operationId'),
    status: t.field({ type: OperationStatusEnum, resolve: (s) => s.status }),
    position: t.string({ description: 'The position of the last event known to the mutation.', resolve: (s) => String(s.position) }),
    withdrawal: t.field({
      type: WithdrawalRef,
      nullable: true,
      description: `The withdrawal. ${READ_MODEL_FIELD_NOTE}`,
      resolve: (s, _args, { readModels }) => readModels.findWithdrawal(s.operationId),
    }),
    account: t.field({ type: AccountRef, nullable: true, description: ACCOUNT_AFTER, resolve: (s, _args, { readModels }) => readModels.findAccount(s.accountId) }),
  }),
});

const InitiateDepositSuccess = builder.objectRef<OperationSuccess<'InitiateDepositSuccess'>>('InitiateDepositSuccess').implement({
  description: 'The deposit was accepted (EVENTUAL: PENDING) or completed (STRONG).',
  fields: (t) => ({
    depositId: t.exposeID('operationId'),
    status: t.field({ type: OperationStatusEnum, resolve: (s) => s.status }),
    position: t.string({ description: 'The position of the last event known to the mutation.', resolve: (s) => String(s.position) }),
    deposit: t.field({
      type: DepositRef,
      nullable: true,
      description: `The deposit. ${READ_MODEL_FIELD_NOTE}`,
      resolve: (s, _args, { readModels }) => readModels.findDeposit(s.operationId),
    }),
    account: t.field({ type: AccountRef, nullable: true, description: ACCOUNT_AFTER, resolve: (s, _args, { readModels }) => readModels.findAccount(s.accountId) }),
  }),
});

const AUTHORIZATION_ERRORS: readonly ErrorTypeName[] = [
  'NotFoundError',
  'WrongPinError',
  'AccountLockedError',
  'AccountClosedError',
  'OperationDeclinedError',
  'TooManyAttemptsError',
];

const InitiateWithdrawalResult = resultUnion('InitiateWithdrawalResult', InitiateWithdrawalSuccess, [
  ...AUTHORIZATION_ERRORS,
  'InsufficientFundsError',
  'AtmOutOfCashError',
]);
const InitiateDepositResult = resultUnion('InitiateDepositResult', InitiateDepositSuccess, [...AUTHORIZATION_ERRORS, 'BalanceOverflowError']);

const operationInput = (name: string, verb: string) =>
  builder.inputType(name, {
    fields: (t) => ({
      accountId: t.id(),
      pin: t.string({ description: 'The account\'s PIN. Three wrong PINs in a row lock the account.' }),
      amount: t.field({ type: 'Money', description: `The cash to ${verb}, more than 0.` }),
      atmId: t.id({ required: false, description: 'The ATM; the bank\'s default ATM when omitted.' }),
      idempotencyKey: idempotencyKeyField(t),
    }),
  });
const InitiateWithdrawalInput = operationInput('InitiateWithdrawalInput', 'take out');
const InitiateDepositInput = operationInput('InitiateDepositInput', 'put in');

type OperationInput = { readonly accountId: string | number; readonly pin: string; readonly amount: number; readonly atmId?: string | number | null };
const requestOf = ({ accountId, pin, amount, atmId }: OperationInput) => ({
  accountId: String(accountId),
  pin,
  amount,
  ...(atmId === null || atmId === undefined ? {} : { atmId: String(atmId) }),
});

/** The key's request: the PIN is checked again on a replay, not matched (see idempotent-mutation.ts). */
function idempotentRequest(operation: string, key: string | null | undefined, request: ReturnType<typeof requestOf>) {
  const { pin, ...withoutPin } = request;
  return { operation, key, input: withoutPin, pin: { accountId: request.accountId, pin } };
}

builder.mutationFields((t) => ({
  initiateWithdrawal: t.field({
    type: InitiateWithdrawalResult.ref,
    description: 'Withdraws cash at an ATM. Authorized by the PIN: no session token needed.',
    args: { input: t.arg({ type: InitiateWithdrawalInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, context) => {
      const request = requestOf(input);
      const outcome = await withPinAttemptLimit(context, (onPinAccepted) =>
        runIdempotently(context, idempotentRequest('initiateWithdrawal', input.idempotencyKey, request), (options) =>
          context.bank.initiateWithdrawal(request, { consistency: toConsistency(consistency), onPinAccepted, ...options }),
        ),
      );
      context.loaders.clearAll();
      return toMutationResult(outcome, InitiateWithdrawalResult.errors, (accepted) => ({ ...accepted, __typename: 'InitiateWithdrawalSuccess' as const }));
    },
  }),
  initiateDeposit: t.field({
    type: InitiateDepositResult.ref,
    description: 'Deposits cash at an ATM. Authorized by the PIN: no session token needed.',
    args: { input: t.arg({ type: InitiateDepositInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, context) => {
      const request = requestOf(input);
      const outcome = await withPinAttemptLimit(context, (onPinAccepted) =>
        runIdempotently(context, idempotentRequest('initiateDeposit', input.idempotencyKey, request), (options) =>
          context.bank.initiateDeposit(request, { consistency: toConsistency(consistency), onPinAccepted, ...options }),
        ),
      );
      context.loaders.clearAll();
      return toMutationResult(outcome, InitiateDepositResult.errors, (accepted) => ({ ...accepted, __typename: 'InitiateDepositSuccess' as const }));
    },
  }),
}));
