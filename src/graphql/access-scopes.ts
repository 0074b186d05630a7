/**
 * The access scopes the schema's fields declare (`authScopes`), evaluated once per request from the
 * caller's principal:
 *
 * - `operator`: the operator token;
 * - `customer`: every signed-in customer;
 * - `accountOwner: <accountId>`: a customer whose session names that account;
 * - `withdrawalOwner` / `depositOwner: <id>`: a customer whose account made that ATM operation (looked
 *   up in the read model, and once more after the read model caught up, so a just-started operation
 *   is found).
 *
 * Fields combine them with Pothos' `$any` (one of the scopes suffices; not TypeScript's `any` type).
 *
 * Ownership is decided from the ids alone: an account (or operation) that does not exist and one
 * that belongs to someone else are refused alike, so a refusal never tells whether it exists.
 */
import { GraphQLError } from 'graphql';
import type { Principal } from '../application/principal.ts';
import type { GraphQLContext } from './graphql-context.ts';

export interface AccessScopes {
  readonly operator: boolean;
  readonly customer: boolean;
  readonly accountOwner: string;
  readonly withdrawalOwner: string;
  readonly depositOwner: string;
}

type ScopeLoaders = { readonly [Scope in keyof AccessScopes]: boolean | ((parameter: AccessScopes[Scope]) => Promise<boolean> | boolean) };

export function accessScopesOf(context: GraphQLContext): ScopeLoaders {
  const { principal } = context;
  const owns = (accountId: string | undefined | null): boolean => principal.kind === 'customer' && accountId === principal.accountId;
  const ownsOperation = (find: (id: string) => Promise<{ readonly accountId: string } | null>) => async (id: string): Promise<boolean> => {
    if (principal.kind !== 'customer') return false;
    const found = await find(id);
    if (found) return owns(found.accountId);
    await context.readModelsCaughtUp();
    return owns((await find(id))?.accountId);
  };
  return {
    operator: principal.kind === 'operator',
    customer: principal.kind === 'customer',
    accountOwner: (accountId) => owns(accountId),
    withdrawalOwner: ownsOperation((id) => context.readModels.findWithdrawal(id)),
    depositOwner: ownsOperation((id) => context.readModels.findDeposit(id)),
  };
}

/** The error for a refused field: UNAUTHENTICATED when no credentials came, FORBIDDEN otherwise. */
export function refusalFor(principal: Principal): GraphQLError {
  if (principal.kind === 'anonymous') {
    return new GraphQLError(
      'Sign in first: this needs a session token from login (or openAccount), or the operator token, sent as "Authorization: Bearer <token>".',
      { extensions: { code: 'UNAUTHENTICATED' } },
    );
  }
  const message =
    principal.kind === 'customer'
      ? 'Not allowed: a customer session reaches its own account only, and this needs another account or an operator.'
      : 'Not allowed with these credentials.';
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}
