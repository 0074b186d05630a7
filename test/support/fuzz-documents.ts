/**
 * Turns a field and a set of fuzzed arguments into a GraphQL request: the arguments go in as variables
 * (declared with the argument's own type, so the server's variable coercion is what gets fuzzed) or as
 * inline literals (so the parser and literal coercion are fuzzed too), and the selection set is built
 * from the schema: every leaf of the result, every member of a union (its `code`, `message`,
 * `operationId`, `fields { path message }` included), two levels of objects deep.
 */
import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { MISSING } from './fuzz-arbitraries.ts';

export type OperationKind = 'query' | 'mutation' | 'subscription';

export type ArgumentStyle = 'variables' | 'literal';

export interface GraphQLRequestBody {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** The selection set of a field of `type`: leaves, union members and objects down to `depth` levels. */
export function selectionOf(type: GraphQLOutputType, depth = 2): string {
  const named: GraphQLNamedType = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named)) {
    return `{ __typename ${named.getTypes().map((member) => `... on ${member.name} ${selectionOf(member, depth)}`).join(' ')} }`;
  }
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const fields = Object.values(named.getFields()).filter((field) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined));
  const selected = fields.flatMap((field) => {
    if (isLeafType(getNamedType(field.type))) return [field.name];
    return depth > 1 ? [`${field.name} ${selectionOf(field.type, depth - 1)}`] : [];
  });
  return `{ __typename ${selected.join(' ')} }`;
}

/** The value as JSON would carry it: {@link MISSING} keys left out (and as null inside lists). */
export function toJsonValue(value: unknown): unknown {
  if (value === MISSING) return null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== MISSING).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

function innerType(type: GraphQLInputType | undefined): GraphQLInputType | undefined {
  return type !== undefined && isNonNullType(type) ? type.ofType : type;
}

/** The value as a GraphQL literal; enum names are written bare where the type is an enum. */
export function literalOf(value: unknown, type: GraphQLInputType | undefined): string {
  const nullable = innerType(type);
  if (value === null || value === undefined || value === MISSING) return 'null';
  if (typeof value === 'string') {
    const named = nullable === undefined ? undefined : getNamedType(nullable);
    if (named !== undefined && isEnumType(named) && !isListType(nullable) && NAME.test(value) && !['true', 'false', 'null'].includes(value)) return value;
    return JSON.stringify(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const element = nullable !== undefined && isListType(nullable) ? nullable.ofType : nullable;
    return `[${value.map((item) => literalOf(item, element)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const fields = nullable !== undefined && isInputObjectType(nullable) ? nullable.getFields() : {};
    const entries = Object.entries(value).filter(([key, v]) => v !== MISSING && NAME.test(key));
    return `{${entries.map(([key, v]) => `${key}: ${literalOf(v, fields[key]?.type)}`).join(', ')}}`;
  }
  return 'null';
}

/**
 * The request that calls `field` with `args`. Declared arguments go in as variables or literals
 * (`style`); undeclared ones are always written inline, since a variable needs a type. A
 * {@link MISSING} argument is left out of the call (literals) or declared but given no value
 * (variables).
 */
export function requestFor(
  operation: OperationKind,
  field: GraphQLField<unknown, unknown>,
  args: Readonly<Record<string, unknown>>,
  style: ArgumentStyle,
): GraphQLRequestBody {
  const declared = new Map<string, GraphQLArgument>(field.args.map((arg) => [arg.name, arg]));
  const definitions: string[] = [];
  const written: string[] = [];
  const variables: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (!NAME.test(name)) continue;
    const arg = declared.get(name);
    if (arg !== undefined && style === 'variables') {
      definitions.push(`$${name}: ${String(arg.type)}`);
      written.push(`${name}: $${name}`);
      if (value !== MISSING) variables[name] = toJsonValue(value);
    } else if (value !== MISSING) {
      written.push(`${name}: ${literalOf(value, arg?.type)}`);
    }
  }
  const header = `${operation} Fuzz${definitions.length > 0 ? `(${definitions.join(', ')})` : ''}`;
  const call = `${field.name}${written.length > 0 ? `(${written.join(', ')})` : ''}`;
  const query = `${header} { ${call} ${selectionOf(field.type)} }`;
  return style === 'variables' ? { query, variables } : { query };
}
