/**
 * The query limits as validation rules and as a cost function, on the real schema, without a server.
 */
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { maxAliasesRule, maxDepthRule, operationCost } from '../../src/graphql/query-limits.ts';
import { schema } from '../../src/graphql/schema.ts';

const codes = (query: string, rule: ReturnType<typeof maxDepthRule>) => validate(schema, parse(query), [rule]).map((e) => e.extensions.code);

describe('query limits', () => {
  it('measures depth through fragments and inline fragments, ignoring introspection fields', () => {
    const five = '{ withdrawal(id: "x") { account { ...L } } } fragment L on Account { transactions { ... on TransactionConnection { nodes { id } } } }';
    expect(codes(five, maxDepthRule(5))).toEqual([]);
    expect(codes(five, maxDepthRule(4))).toEqual(['QUERY_TOO_DEEP']);
    expect(codes('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }', maxDepthRule(1))).toEqual([]);
  });

  it('counts aliases over the whole document', () => {
    expect(codes('{ a: atms { nodes { b: id } } c: accounts { pageInfo { hasNextPage } } }', maxAliasesRule(3))).toEqual([]);
    expect(codes('{ a: atms { nodes { b: id } } c: accounts { d: pageInfo { hasNextPage } } }', maxAliasesRule(3))).toEqual(['TOO_MANY_ALIASES']);
  });

  it('multiplies by page sizes, given as literals or variables, with the default when omitted', () => {
    const ledgers = 'query ($n: Int) { accounts(first: $n) { nodes { transactions(first: $n) { nodes { id amount kind } } } } }';
    expect(operationCost(schema, parse(ledgers), undefined, { n: 100 })).toBe(40_201);
    expect(operationCost(schema, parse(ledgers), undefined, {})).toBe(1_641);
    expect(operationCost(schema, parse('{ events { nodes { eventId } } }'), undefined, {})).toBe(1 + 50 * 2);
    expect(operationCost(schema, parse('{ a: accounts(first: 3) { nodes { id } } b: atm(id: "x") { id cash } }'), undefined, {})).toBe(1 + 3 * 2 + 3);
  });

  it('picks the named operation, and follows fragments on interfaces', () => {
    const document = parse('query A { atms { nodes { id } } } query B { events(first: 2) { nodes { ...E } } } fragment E on DomainEvent { eventId position }');
    expect(operationCost(schema, document, 'A', {})).toBe(1 + 20 * 2);
    expect(operationCost(schema, document, 'B', {})).toBe(1 + 2 * 3);
  });
});
