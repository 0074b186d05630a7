/**
 * ATMs as the ATM read model keeps them (cash, reserved cash), and the `atm` / `atms` queries.
 * The ATM read model follows the sagas in the background; after a STRONG mutation it includes it.
 */
import type { AtmView } from '../application/bank-read-models.ts';
import { builder } from './builder.ts';
import { connectionOf, pageArgs, pageOrBadInput, pageRequestOf } from './page-types.ts';

export const AtmRef = builder.objectRef<AtmView>('Atm').implement({
  description: 'An ATM and the cash in it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    cash: t.field({ type: 'Money', authScopes: { operator: true }, description: 'The notes in the machine (operators only).', resolve: (atm) => atm.cash }),
    reserved: t.field({ type: 'Money', authScopes: { operator: true }, description: 'The part of `cash` promised to withdrawals in progress (operators only).', resolve: (atm) => atm.reserved }),
    available: t.field({ type: 'Money', authScopes: { operator: true }, description: 'What a new withdrawal can still get: cash - reserved (operators only).', resolve: (atm) => atm.available }),
    registeredAt: t.field({ type: 'DateTime', resolve: (atm) => atm.registeredAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (atm) => atm.updatedAt }),
  }),
});

const AtmConnectionRef = connectionOf('Atm', AtmRef);

builder.queryFields((t) => ({
  atm: t.field({
    type: AtmRef,
    nullable: true,
    description: 'The ATM, or null when there is none with this id. Operators only.',
    authScopes: { operator: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { loaders }) => loaders.atm.load(String(id)),
  }),
  atms: t.field({
    type: AtmConnectionRef,
    description: 'Every ATM, by id. Operators only.',
    authScopes: { operator: true },
    args: pageArgs(t.arg),
    resolve: (_root, args, { readModels }) => pageOrBadInput(readModels.listAtms(pageRequestOf(args))),
  }),
}));
