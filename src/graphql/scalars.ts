/**
 * The custom scalars. GraphQL's `Int` is 32-bit, so money has its own scalar: `Money` is a whole,
 * non-negative number of cents up to 2^53 - 1 (`Number.MAX_SAFE_INTEGER`), written as a JSON number.
 * Strings, fractions, negative values and anything larger are refused with a message that says what
 * to send instead. Whether an amount may be zero is the domain's business (an initial cash of 0 is
 * fine, a deposit of 0 is not) and comes back as an InvalidInputError.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ConstValueNode, valueFromASTUntyped } from 'graphql';
import { builder } from './builder.ts';

const MAX_CENTS = Number.MAX_SAFE_INTEGER;

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Checks a value a client sent as Money; throws a GraphQLError that explains what is wrong. */
export function moneyOrThrow(value: unknown): number {
  if (typeof value === 'string') {
    throw badInput(`Money is a whole number of cents written as a number, not a string: send 1250 (not "12.50" or "1250") for 12.50.`);
  }
  if (typeof value === 'bigint') return moneyOrThrow(value <= BigInt(MAX_CENTS) && value >= 0n ? Number(value) : Number.POSITIVE_INFINITY);
  if (typeof value !== 'number' || Number.isNaN(value)) throw badInput('Money is a whole number of cents, for example 1250 for 12.50.');
  if (value < 0) throw badInput(`Money cannot be negative; got ${value}.`);
  if (value > MAX_CENTS) throw badInput(`Money can be at most ${MAX_CENTS} cents, the largest amount held exactly; got more.`);
  if (!Number.isInteger(value)) throw badInput(`Money is a whole number of cents, without a fraction of a cent: got ${value}; send 1250 for 12.50.`);
  return value;
}

function moneyFromLiteral(node: ConstValueNode): number {
  switch (node.kind) {
    case Kind.INT:
      // Parse as a bigint first: Number() would silently round a value past 2^53.
      return moneyOrThrow(BigInt(node.value));
    case Kind.FLOAT:
      throw badInput(`Money is a whole number of cents, written without a decimal point or exponent: got ${node.value}; send 1250 for 12.50.`);
    case Kind.STRING:
      return moneyOrThrow(node.value);
    default:
      throw badInput('Money is a whole number of cents, for example 1250 for 12.50.');
  }
}

export const MoneyScalar = new GraphQLScalarType<number, number>({
  name: 'Money',
  description:
    'An amount of money in whole cents (1250 is 12.50), from 0 to 9007199254740991. Sent and returned as a JSON number; strings, fractions and negative values are refused.',
  coerceOutputValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(`A Money value must be a whole, non-negative number of cents, but the server produced ${String(value)}.`);
    }
    return value;
  },
  coerceInputValue: moneyOrThrow,
  coerceInputLiteral: moneyFromLiteral,
  valueToLiteral: (value) => (typeof value === 'number' ? { kind: Kind.INT, value: String(value) } : undefined),
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function dateTimeOrThrow(value: unknown): Date {
  const date = typeof value === 'string' && ISO_DATE_TIME.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw badInput('A DateTime is an ISO-8601 string with a time zone, for example "2026-11-26T14:00:00Z".');
  }
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A point in time, as an ISO-8601 string in UTC ("2026-11-26T14:00:00.000Z"). Accepted with any explicit time zone.',
  coerceOutputValue(value) {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new TypeError(`The server produced a DateTime that is not a date: ${String(value)}.`);
    return date.toISOString();
  },
  coerceInputValue: dateTimeOrThrow,
  coerceInputLiteral: (node) => dateTimeOrThrow(node.kind === Kind.STRING ? node.value : undefined),
});

export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value, as it was stored.',
  coerceOutputValue: (value) => value,
  coerceInputValue: (value) => value,
  coerceInputLiteral: (node) => valueFromASTUntyped(node),
});

builder.addScalarType('Money', MoneyScalar);
builder.addScalarType('DateTime', DateTimeScalar);
builder.addScalarType('JSON', JsonScalar);
