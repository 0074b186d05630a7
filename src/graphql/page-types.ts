/**
 * Cursor pages: `PageInfo`, a connection type per node type (`nodes` + `pageInfo`), the `first`/`after`
 * arguments, and the translation of the read side's "bad page request" into a GraphQL input error.
 */
import { GraphQLError } from 'graphql';
import { isInvalidPageRequestError, type Page } from '../application/bank-read-models.ts';
import type { ArgBuilder } from '@pothos/core';
import { builder, type GraphQLSchemaTypes } from './builder.ts';

type PageInfoShape = Page<unknown>['pageInfo'];

const PageInfoRef = builder.objectRef<PageInfoShape>('PageInfo').implement({
  description: 'Where a page ends. Pass `endCursor` as `after` to get the next page.',
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true, description: 'Opaque; null for an empty page.' }),
  }),
});

/** `<Name>Connection { nodes: [<Node>!]!, pageInfo: PageInfo! }`. */
export function connectionOf<Node>(name: string, node: PothosSchemaTypes.ObjectRef<GraphQLSchemaTypes, Node>) {
  return builder.objectRef<Page<Node>>(`${name}Connection`).implement({
    description: `A page of ${name} items.`,
    fields: (t) => ({
      nodes: t.field({ type: [node], resolve: (page) => page.nodes }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (page) => page.pageInfo }),
    }),
  });
}

/** `first: Int` (0–100, 20 when omitted) and `after: String`. */
export function pageArgs(arg: ArgBuilder<GraphQLSchemaTypes>) {
  return {
    first: arg.int({ required: false, description: 'How many, from 0 to 100; 20 when omitted.' }),
    after: arg.string({ required: false, description: 'The `endCursor` of the previous page.' }),
  };
}

export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Awaits a read; a page size or cursor the read side cannot serve becomes a BAD_USER_INPUT error. */
export async function pageOrBadInput<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (isInvalidPageRequestError(error)) throw badUserInput(error.message);
    throw error;
  }
}

/** A position argument (a decimal string, since positions pass 2^31) as a number. */
export function positionOrBadInput(value: string, argument: string): number {
  const position = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(position)) throw badUserInput(`"${argument}" must be an event position: a whole number written as a string, such as "42".`);
  return position;
}

export const pageRequestOf = (args: { readonly first?: number | null; readonly after?: string | null }) => ({
  first: args.first ?? undefined,
  after: args.after ?? undefined,
});
