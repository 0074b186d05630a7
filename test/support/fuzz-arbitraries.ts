/**
 * fast-check arbitraries for the arguments of any GraphQL field, built from the schema alone, so every
 * mutation, query and subscription argument is covered, and new ones (an `idempotencyKey`, a `login`
 * input) are covered the day they appear, without edits here.
 *
 * Each input type gets two arbitraries: `valid` (values the server should accept as well formed: ids of
 * accounts and ATMs that exist, plausible amounts, the right PIN, real cursors and positions) and `bad`
 * (boundary numbers, hostile strings, wrong JSON types, null, a missing or an extra field). The leaves
 * (scalars) come from fuzz-leaf-arbitraries.ts; this module follows the types around them: non-null,
 * lists, input objects, enums.
 *
 * {@link MISSING} stands for "leave this key out", which is how an absent required field is sent.
 */
import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLEnumType,
  type GraphQLInputField,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { hostileNumber, hostileString, wrongTypeValue } from './fuzz-hostile-values.ts';
import { badLeaf, type FuzzHints, leafKindOf, validLeaf } from './fuzz-leaf-arbitraries.ts';

/** A key to leave out of its object (or an argument to leave out of the call). */
export const MISSING: unique symbol = Symbol('missing');

export interface ValueArbitraries {
  readonly valid: fc.Arbitrary<unknown>;
  readonly bad: fc.Arbitrary<unknown>;
}

function enumArbitraries(type: GraphQLEnumType): ValueArbitraries {
  const names = type.getValues().map((value) => value.name);
  const internal = type.getValues().map((value) => value.value).filter((value): value is string => typeof value === 'string');
  return {
    valid: fc.constantFrom(...names),
    bad: fc.oneof(
      fc.constantFrom(...names.map((name) => name.toLowerCase()), ...internal, ...names.map((name) => ` ${name}`), 'UNKNOWN', ''),
      hostileString(),
      hostileNumber(),
      wrongTypeValue(),
    ),
  };
}

/** An input object: all fields valid; or one field bad; or an extra field; or the wrong type altogether. */
function fieldsArbitraries(fields: readonly (GraphQLInputField | GraphQLArgument)[], hints: FuzzHints, depth: number, asArguments = false): ValueArbitraries {
  const perField = Object.fromEntries(fields.map((field) => [field.name, valueArbitraries(field.type, field.name, hints, depth + 1)]));
  const recordOf = (pick: (name: string) => fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> =>
    fc.record(Object.fromEntries(fields.map((field) => [field.name, pick(field.name)])));
  const valid = recordOf((name) => perField[name]!.valid);
  if (fields.length === 0) return { valid, bad: fc.constant({ unexpected: true }) };
  const oneBad = fc.constantFrom(...fields.map((field) => field.name)).chain((badName) =>
    recordOf((name) => (name === badName ? perField[name]!.bad : perField[name]!.valid)),
  );
  const extra = fc
    .tuple(valid, fc.constantFrom('extra', 'id', '__typename', 'accountID', 'pin2', 'admin', 'constructor'), fc.oneof(hostileString(), wrongTypeValue()))
    .map(([object, key, value]) => ({ ...object, [key]: value }));
  const wild = recordOf((name) => fc.oneof(perField[name]!.valid, perField[name]!.bad));
  const objectCases = [
    { weight: 6, arbitrary: oneBad },
    { weight: 1, arbitrary: extra },
    { weight: 2, arbitrary: wild },
  ];
  // An argument list is always a list of names and values: only an input object can be the wrong type.
  const wrongType = { weight: 1, arbitrary: fc.oneof(hostileString(), hostileNumber(), wrongTypeValue(), fc.array(valid, { maxLength: 2 })) };
  return { valid, bad: asArguments ? fc.oneof(...objectCases) : fc.oneof(...objectCases, wrongType) };
}

/** The arbitraries for a value of `type` held by a field or argument called `name`. */
export function valueArbitraries(type: GraphQLInputType, name: string, hints: FuzzHints, depth = 0): ValueArbitraries {
  if (isNonNullType(type)) {
    const inner = nullableArbitraries(type.ofType, name, hints, depth);
    return {
      valid: inner.valid,
      bad: fc.oneof({ weight: 5, arbitrary: inner.bad }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(MISSING) }),
    };
  }
  const inner = nullableArbitraries(type, name, hints, depth);
  return {
    valid: fc.oneof({ weight: 6, arbitrary: inner.valid }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(MISSING) }),
    bad: inner.bad,
  };
}

function nullableArbitraries(type: GraphQLInputType, name: string, hints: FuzzHints, depth: number): ValueArbitraries {
  if (isListType(type)) {
    const element = valueArbitraries(type.ofType, name, hints, depth + 1);
    return {
      valid: fc.oneof({ weight: 4, arbitrary: fc.array(element.valid, { maxLength: 5 }) }, { weight: 1, arbitrary: element.valid }),
      bad: fc.oneof(
        fc.array(fc.oneof(element.valid, element.bad), { minLength: 1, maxLength: 5 }),
        element.valid.map((value) => Array.from({ length: 300 }, () => value)),
        element.bad,
        wrongTypeValue(),
      ),
    };
  }
  if (isInputObjectType(type)) {
    if (depth > 6) return { valid: fc.constant(null), bad: fc.constant({}) };
    return fieldsArbitraries(Object.values(type.getFields()), hints, depth);
  }
  if (isEnumType(type)) return enumArbitraries(type);
  const kind = leafKindOf(name);
  const typeName = isScalarType(type) ? type.name : 'String';
  return { valid: validLeaf(kind, typeName, hints), bad: badLeaf(kind, typeName, hints) };
}

/** The arguments of one field, as a record (an argument set to {@link MISSING} is left out of the call). */
export function argumentArbitraries(args: readonly GraphQLArgument[], hints: FuzzHints): ValueArbitraries {
  return fieldsArbitraries(args, hints, 0, true);
}
