/**
 * Limits on what one operation may ask for, so a single request cannot make the server walk the whole
 * database: nesting depth and aliases are checked when the document is validated, cost when it is
 * executed (the variables are known by then). Introspection fields (`__schema`, `__type`, …) are not
 * counted, so GraphiQL's schema query always passes.
 *
 * Cost estimates how many values the answer holds: every field costs 1, and everything below a field
 * with a `first` argument counts `first` times (the value given, else the list's default page size).
 * `accounts(first: 100) { nodes { transactions(first: 100) { nodes { id amount kind } } } }` costs
 * about 40 000 and is refused with the default limit; the same with 20 and 20 costs about 1 700.
 *
 * Written here rather than taken from graphql-armor, whose packages depend on graphql 16 and would put
 * a second graphql module next to ours.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  type GraphQLSchema,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type GraphQLNamedType,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxCost: 25_000 };

/** The page size a list field uses when `first` is omitted (20 unless listed). */
const PAGE_SIZE_WHEN_OMITTED: Readonly<Record<string, number>> = { 'Query.events': 50 };
const DEFAULT_PAGE_SIZE = 20;

const isIntrospection = (field: FieldNode): boolean => field.name.value.startsWith('__');

function limitError(message: string, code: string, nodes?: readonly OperationDefinitionNode[]): GraphQLError {
  return new GraphQLError(message, { nodes, extensions: { code } });
}

/** The deepest nesting of fields, following fragments; a field without a selection set is 1 deep. */
function depthOf(selectionSet: SelectionSetNode, fragmentOf: (name: string) => FragmentDefinitionNode | undefined, visiting: ReadonlySet<string>): number {
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (isIntrospection(selection)) continue;
      deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet, fragmentOf, visiting) : 0));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragmentOf, visiting));
    } else {
      const fragment = fragmentOf(selection.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragmentOf, new Set([...visiting, fragment.name.value])));
    }
  }
  return deepest;
}

export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, (name) => context.getFragment(name) ?? undefined, new Set());
      if (depth > maxDepth) {
        context.reportError(limitError(`The operation nests fields ${depth} levels deep; at most ${maxDepth} are allowed.`, 'QUERY_TOO_DEEP', [operation]));
      }
    },
  });
}

export function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context: ValidationContext) => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) context.reportError(limitError(`The document uses ${aliases} aliases; at most ${maxAliases} are allowed.`, 'TOO_MANY_ALIASES'));
        },
      },
    };
  };
}

interface CostWalk {
  readonly schema: GraphQLSchema;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  readonly variables: Readonly<Record<string, unknown>>;
}

function firstOf(field: FieldNode, parent: GraphQLNamedType, walk: CostWalk): number {
  const fieldDefinition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
  if (!fieldDefinition?.args.some((arg) => arg.name === 'first')) return 1;
  const given = field.arguments?.find((arg) => arg.name.value === 'first')?.value;
  const value =
    given?.kind === Kind.INT ? Number(given.value) : given?.kind === Kind.VARIABLE ? walk.variables[given.name.value] : undefined;
  return typeof value === 'number' && value >= 0 ? value : (PAGE_SIZE_WHEN_OMITTED[`${parent.name}.${field.name.value}`] ?? DEFAULT_PAGE_SIZE);
}

function costOf(selectionSet: SelectionSetNode, parent: GraphQLNamedType, walk: CostWalk, visiting: ReadonlySet<string>): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (isIntrospection(selection)) continue;
      cost += 1;
      if (!selection.selectionSet) continue;
      const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
      const child = definition ? getNamedType(definition.type) : parent;
      cost += firstOf(selection, parent, walk) * costOf(selection.selectionSet, child, walk, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typed = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      cost += costOf(selection.selectionSet, typed && isCompositeType(typed) ? typed : parent, walk, visiting);
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      const typed = walk.schema.getType(fragment.typeCondition.name.value);
      cost += costOf(fragment.selectionSet, typed && isCompositeType(typed) ? typed : parent, walk, new Set([...visiting, fragment.name.value]));
    }
  }
  return cost;
}

/** The estimated cost of the operation that runs (see the module comment). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>>): number {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return costOf(operation.selectionSet, root, { schema, fragments, variables }, new Set());
}

/** The yoga plugin: depth and alias rules at validation, the cost check before execution or subscription. */
export function useQueryLimits(limits: QueryLimits = DEFAULT_QUERY_LIMITS): Plugin {
  const checkCost = (args: { readonly schema: GraphQLSchema; readonly document: DocumentNode; readonly operationName?: string | null; readonly variableValues?: unknown }): GraphQLError | undefined => {
    const variables = (args.variableValues ?? {}) as Record<string, unknown>;
    const cost = operationCost(args.schema, args.document, args.operationName, variables);
    if (cost <= limits.maxCost) return undefined;
    return limitError(
      `The operation would cost about ${cost} (every field 1, times the page size of the lists above it); at most ${limits.maxCost} is allowed. Ask for smaller pages or fewer fields.`,
      'QUERY_TOO_COSTLY',
    );
  };
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(maxDepthRule(limits.maxDepth));
      addValidationRule(maxAliasesRule(limits.maxAliases));
    },
    onExecute({ args, setResultAndStopExecution }) {
      const error = checkCost(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = checkCost(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
