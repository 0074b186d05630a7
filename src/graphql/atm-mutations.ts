/**
 * The operator's ATM mutations: register an ATM with its first cash, refill it.
 */
import type { GlobalPosition } from '../event-store/event-store.ts';
import { AtmRef } from './atm-types.ts';
import { builder } from './builder.ts';
import { idempotencyKeyField, runIdempotently } from './idempotent-mutation.ts';
import { consistencyArg, READ_MODEL_FIELD_NOTE, resultUnion, toConsistency, toMutationResult } from './mutation-results.ts';

type AtmSuccessName = 'RegisterAtmSuccess' | 'RefillAtmSuccess';

interface AtmSuccess<Name extends AtmSuccessName> {
  readonly __typename: Name;
  readonly atmId: string;
  readonly position: GlobalPosition;
}

function atmSuccess<Name extends AtmSuccessName>(name: Name, description: string) {
  return builder.objectRef<AtmSuccess<Name>>(name).implement({
    description,
    fields: (t) => ({
      atmId: t.exposeID('atmId'),
      position: t.string({ description: 'The position of the event the mutation stored.', resolve: (s) => String(s.position) }),
      atm: t.field({
        type: AtmRef,
        nullable: true,
        description: `The ATM after the change. ${READ_MODEL_FIELD_NOTE}`,
        resolve: (s, _args, { readModels }) => readModels.findAtm(s.atmId),
      }),
    }),
  });
}

const success = <Name extends AtmSuccessName>(__typename: Name) => (accepted: { readonly atmId: string; readonly position: GlobalPosition }): AtmSuccess<Name> => ({
  __typename,
  atmId: accepted.atmId,
  position: accepted.position,
});

const RegisterAtmResult = resultUnion('RegisterAtmResult', atmSuccess('RegisterAtmSuccess', 'The ATM is registered.'), ['AlreadyExistsError']);
const RefillAtmResult = resultUnion('RefillAtmResult', atmSuccess('RefillAtmSuccess', 'The cash is in the ATM.'), ['NotFoundError', 'BalanceOverflowError']);

const RegisterAtmInput = builder.inputType('RegisterAtmInput', {
  fields: (t) => ({
    atmId: t.id({ required: false, description: 'A UUID; a new one is chosen when omitted.' }),
    initialCash: t.field({ type: 'Money', description: 'The cash loaded at registration; 0 is allowed.' }),
    idempotencyKey: idempotencyKeyField(t),
  }),
});
const RefillAtmInput = builder.inputType('RefillAtmInput', {
  fields: (t) => ({ atmId: t.id(), amount: t.field({ type: 'Money', description: 'More than 0.' }), idempotencyKey: idempotencyKeyField(t) }),
});

builder.mutationFields((t) => ({
  registerAtm: t.field({
    type: RegisterAtmResult.ref,
    description: 'Registers an ATM. Operators only.',
    authScopes: { operator: true },
    args: { input: t.arg({ type: RegisterAtmInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, context) => {
      const request = { ...(input.atmId === null || input.atmId === undefined ? {} : { atmId: String(input.atmId) }), initialCash: input.initialCash };
      const outcome = await runIdempotently(context, { operation: 'registerAtm', key: input.idempotencyKey, input: request }, (options) =>
        context.bank.registerAtm(request, { consistency: toConsistency(consistency), ...options }),
      );
      context.loaders.clearAll();
      return toMutationResult(outcome, RegisterAtmResult.errors, success('RegisterAtmSuccess'));
    },
  }),
  refillAtm: t.field({
    type: RefillAtmResult.ref,
    description: 'Adds cash to an ATM. Operators only.',
    authScopes: { operator: true },
    args: { input: t.arg({ type: RefillAtmInput, required: true }), consistency: consistencyArg(t.arg) },
    resolve: async (_root, { input, consistency }, context) => {
      const request = { atmId: String(input.atmId), amount: input.amount };
      const outcome = await runIdempotently(context, { operation: 'refillAtm', key: input.idempotencyKey, input: request }, (options) =>
        context.bank.refillAtm(request, { consistency: toConsistency(consistency), ...options }),
      );
      context.loaders.clearAll();
      return toMutationResult(outcome, RefillAtmResult.errors, success('RefillAtmSuccess'));
    },
  }),
}));
