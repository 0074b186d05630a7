/**
 * ATM withdrawals and deposits as the ATM operations read model follows them, from the accepted PIN
 * to the end of the saga, and the `withdrawal` / `deposit` queries.
 */
import type { AtmOperationView, DepositView, WithdrawalView } from '../application/bank-read-models.ts';
import { AccountRef } from './account-types.ts';
import { AtmRef } from './atm-types.ts';
import { builder, type GraphQLSchemaTypes } from './builder.ts';

const WithdrawalStatusEnum = builder.enumType('WithdrawalStatus', {
  values: {
    PENDING: { description: 'The saga is still running.' },
    COMPLETED: { description: 'The notes were handed out.' },
    DECLINED: { description: 'Refused (see `reason`); no money moved.' },
    REFUNDED: { description: 'The account was debited, the ATM failed to hand out the notes, and the money went back.' },
  } as const,
});

const DepositStatusEnum = builder.enumType('DepositStatus', {
  values: {
    PENDING: { description: 'The saga is still running.' },
    COMPLETED: { description: 'The account was credited and the ATM kept the notes.' },
    DECLINED: { description: 'Refused (see `reason`); the notes were handed back.' },
  } as const,
});

function operationFields<View extends AtmOperationView<string>>(t: PothosSchemaTypes.ObjectFieldBuilder<GraphQLSchemaTypes, View>) {
  return {
    id: t.id({ resolve: (op) => op.id }),
    accountId: t.id({ resolve: (op) => op.accountId }),
    atmId: t.id({ resolve: (op) => op.atmId }),
    amount: t.field({ type: 'Money', resolve: (op) => op.amount }),
    reason: t.string({
      nullable: true,
      description: 'Why it was declined (WRONG_PIN, INSUFFICIENT_FUNDS, ATM_OUT_OF_CASH, …), DISPENSE_FAULT after a refund.',
      resolve: (op) => op.reason,
    }),
    requestedAt: t.field({ type: 'DateTime', resolve: (op) => op.requestedAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (op) => op.updatedAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (op) => op.completedAt }),
    account: t.field({ type: AccountRef, nullable: true, resolve: (op, _args, { loaders }) => loaders.account.load(op.accountId) }),
    atm: t.field({ type: AtmRef, nullable: true, resolve: (op, _args, { loaders }) => loaders.atm.load(op.atmId) }),
  };
}

export const WithdrawalRef = builder.objectRef<WithdrawalView>('Withdrawal').implement({
  description: 'Cash taken out at an ATM.',
  fields: (t) => ({ ...operationFields(t), status: t.field({ type: WithdrawalStatusEnum, resolve: (op) => op.status }) }),
});

export const DepositRef = builder.objectRef<DepositView>('Deposit').implement({
  description: 'Cash put in at an ATM.',
  fields: (t) => ({ ...operationFields(t), status: t.field({ type: DepositStatusEnum, resolve: (op) => op.status }) }),
});

builder.queryFields((t) => ({
  withdrawal: t.field({
    type: WithdrawalRef,
    nullable: true,
    description: 'The ATM withdrawal, or null when there is none with this id (yet). Its account\'s customer or an operator.',
    authScopes: (_root, { id }) => ({ $any: { operator: true, withdrawalOwner: String(id) } }),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { readModels }) => readModels.findWithdrawal(String(id)),
  }),
  deposit: t.field({
    type: DepositRef,
    nullable: true,
    description: 'The ATM deposit, or null when there is none with this id (yet). Its account\'s customer or an operator.',
    authScopes: (_root, { id }) => ({ $any: { operator: true, depositOwner: String(id) } }),
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { readModels }) => readModels.findDeposit(String(id)),
  }),
}));
