/**
 * Accounts and their ledgers, read from the accounts read model, and the `account` / `accounts`
 * queries. `account(id, asOf)` replays the account's own events instead, to show it as it stood then.
 *
 * `Account.transactions` goes through a per-request DataLoader: a page of accounts with their ledgers
 * costs one query for the accounts and one for all their ledgers, however many accounts the page holds.
 */
import { pageOfMovements } from '../application/account-history.ts';
import type { AccountTransactionView, AccountView } from '../application/bank-read-models.ts';
import { builder } from './builder.ts';
import { badUserInput, connectionOf, pageArgs, pageOrBadInput, pageRequestOf, positionOrBadInput } from './page-types.ts';

/** An account from the read model, or replayed as of a past moment (then it carries its movements up to then). */
export type AccountSource = AccountView & { readonly movementsAsOf?: readonly AccountTransactionView[] };

const AccountStatusEnum = builder.enumType('AccountStatus', {
  values: {
    OPEN: { description: 'Takes deposits and withdrawals.' },
    LOCKED: { description: 'Too many wrong PINs: ATM operations are refused until an operator unlocks it.' },
    CLOSED: { description: 'Takes nothing any more.' },
  } as const,
});

const TransactionKindEnum = builder.enumType('TransactionKind', {
  values: {
    DEPOSIT: { description: 'Money in, at the counter or at an ATM.' },
    WITHDRAWAL: { description: 'Money out, at the counter or at an ATM.' },
    REFUND: { description: 'An ATM withdrawal given back because the machine could not hand out the notes.' },
  } as const,
});

export const TransactionRef = builder.objectRef<AccountTransactionView>('Transaction').implement({
  description: 'One movement of money on an account.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The id of the event that moved the money.' }),
    accountId: t.exposeID('accountId'),
    kind: t.field({ type: TransactionKindEnum, resolve: (tx) => tx.kind }),
    amount: t.field({ type: 'Money', resolve: (tx) => tx.amount }),
    balanceAfter: t.field({ type: 'Money', resolve: (tx) => tx.balanceAfter }),
    atmId: t.exposeID('atmId', { nullable: true, description: 'The ATM, for a movement made at one.' }),
    operationId: t.exposeID('operationId', { nullable: true, description: 'The ATM withdrawal or deposit it belongs to.' }),
    position: t.string({ description: 'The event position.', resolve: (tx) => String(tx.position) }),
    occurredAt: t.field({ type: 'DateTime', resolve: (tx) => tx.occurredAt }),
  }),
});

const TransactionConnectionRef = connectionOf('Transaction', TransactionRef);

export const AccountRef = builder.objectRef<AccountSource>('Account').implement({
  description: 'A bank account.',
  fields: (t) => ({
    id: t.exposeID('id'),
    owner: t.exposeString('owner'),
    balance: t.field({ type: 'Money', resolve: (account) => account.balance }),
    status: t.field({ type: AccountStatusEnum, resolve: (account) => account.status }),
    openedAt: t.field({ type: 'DateTime', resolve: (account) => account.openedAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (account) => account.updatedAt }),
    version: t.exposeInt('version', { description: 'The version of the account stream this view reflects.' }),
    position: t.string({ description: 'The position of the last event this view reflects.', resolve: (account) => String(account.position) }),
    transactions: t.field({
      type: TransactionConnectionRef,
      description: 'The ledger, newest first. For an account read `asOf` a moment, the movements up to that moment.',
      args: pageArgs(t.arg),
      resolve: (account, args, { loaders }) => {
        const page = pageRequestOf(args);
        if (account.movementsAsOf) return pageOrBadInput(Promise.resolve().then(() => pageOfMovements(account.movementsAsOf ?? [], page)));
        return pageOrBadInput(loaders.transactions(page).load(account.id));
      },
    }),
  }),
});

const AccountConnectionRef = connectionOf('Account', AccountRef);

const AsOfInput = builder.inputType('AsOf', {
  description: 'A past moment: give a position, a time, or both (then the earlier of the two wins).',
  fields: (t) => ({
    position: t.string({ required: false, description: 'Include events up to this position (a decimal string).' }),
    time: t.field({ type: 'DateTime', required: false, description: 'Include events recorded up to this time.' }),
  }),
});

builder.queryFields((t) => ({
  account: t.field({
    type: AccountRef,
    nullable: true,
    description:
      'The account, or null when there is none. With `asOf`: the account as it stood then, replayed from its events (null if not yet opened). Its customer or an operator.',
    authScopes: (_root, { id }) => ({ $any: { operator: true, accountOwner: String(id) } }),
    args: { id: t.arg.id({ required: true }), asOf: t.arg({ type: AsOfInput, required: false }) },
    resolve: async (_root, { id, asOf }, { loaders, accountHistory }) => {
      if (!asOf) return loaders.account.load(String(id));
      if ((asOf.position === null || asOf.position === undefined) && !asOf.time) throw badUserInput('"asOf" needs a position, a time, or both.');
      const position = typeof asOf.position === 'string' ? positionOrBadInput(asOf.position, 'asOf.position') : undefined;
      const past = await accountHistory.accountAsOf(String(id), { position, time: asOf.time ?? undefined });
      return past && { ...past.account, movementsAsOf: past.transactions };
    },
  }),
  accounts: t.field({
    type: AccountConnectionRef,
    description: 'Every account, in the order they were opened. Operators only.',
    authScopes: { operator: true },
    args: pageArgs(t.arg),
    resolve: (_root, args, { readModels }) => pageOrBadInput(readModels.listAccounts(pageRequestOf(args))),
  }),
}));
