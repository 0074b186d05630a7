/**
 * The Pothos schema builder, configured once and holding no types: every type file imports it and
 * adds its types and root fields; schema.ts imports those files and builds the schema.
 *
 * Fields are non-null and input fields required unless a field says otherwise (Pothos defaults to the
 * opposite), so the printed schema states what the API guarantees.
 *
 * Who may do what is declared on each field with `authScopes` (Pothos' scope-auth plugin; the scopes
 * are defined in access-scopes.ts), and checked before the resolver runs, and for subscriptions before
 * anything is streamed. A refusal is a GraphQL error with `extensions.code` UNAUTHENTICATED (no
 * credentials) or FORBIDDEN (credentials that do not reach this), never a partial answer.
 */
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { type AccessScopes, accessScopesOf, refusalFor } from './access-scopes.ts';
import type { GraphQLContext } from './graphql-context.ts';

export type GraphQLScalarShapes = {
  /** Whole, non-negative cents (see scalars.ts). */
  Money: { Input: number; Output: number };
  DateTime: { Input: Date; Output: Date };
  JSON: { Input: unknown; Output: unknown };
};

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: GraphQLScalarShapes;
  AuthScopes: AccessScopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  plugins: [ScopeAuthPlugin],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: accessScopesOf,
    unauthorizedError: (_parent, context) => refusalFor(context.principal),
  },
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
});

/** The builder's resolved type configuration, for helpers that take a field builder. */
export type GraphQLSchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
