/**
 * The schema: imports every type file (each registers its types and its root fields with the
 * builder) and builds the schema once. `npm run schema` prints it to schema/schema.graphql.
 */
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './errors.ts';
import './account-types.ts';
import './account-mutations.ts';
import './atm-types.ts';
import './atm-mutations.ts';
import './atm-operation-types.ts';
import './atm-operation-mutations.ts';
import './domain-event-types.ts';
import './flow-types.ts';
import './session-mutations.ts';
import './subscriptions.ts';

builder.queryType({ description: 'Reads. Everything but `events`, `flow` and `account(asOf)` comes from the read models.' });
builder.mutationType({ description: 'Changes. Each returns a union of its success type and the errors it can meet.' });

export const schema = builder.toSchema();

/** The SDL as committed in schema/schema.graphql: types and fields sorted, so diffs show real changes only. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
