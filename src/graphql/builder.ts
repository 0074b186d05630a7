/**
 * The Pothos schema builder, configured once and holding no types: every type file imports it and
 * adds its types and root fields; schema.ts imports those files and builds the schema.
 *
 * Fields are non-null and input fields required unless a field says otherwise (Pothos defaults to the
 * opposite), so the printed schema states what the API guarantees.
 */
import SchemaBuilder from '@pothos/core';
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
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
});

/** The builder's resolved type configuration, for helpers that take a field builder. */
export type GraphQLSchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;
