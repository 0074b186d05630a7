/**
 * The Money scalar: whole, non-negative cents up to 2^53 - 1, as variables and as literals. Refusals
 * are GraphQL errors (BAD_USER_INPUT) and nothing is stored.
 */
import { Kind } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MoneyScalar } from '../../src/graphql/scalars.ts';
import { type GraphQLTestApp, openGraphQLTestApp } from '../support/graphql-test-app.ts';

const MAX = Number.MAX_SAFE_INTEGER;

describe('Money scalar', () => {
  it('accepts whole cents from 0 to 2^53 - 1 and returns them unchanged', () => {
    for (const value of [0, 1, 1250, MAX]) {
      expect(MoneyScalar.coerceInputValue(value)).toBe(value);
      expect(MoneyScalar.coerceOutputValue(value)).toBe(value);
    }
    expect(MoneyScalar.coerceInputLiteral?.({ kind: Kind.INT, value: String(MAX) })).toBe(MAX);
  });

  it('refuses strings, fractions, negatives, values past 2^53 - 1 and other types', () => {
    for (const value of ['1250', '12.50', 12.5, -1, MAX + 1, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY, null, true, {}]) {
      expect(() => MoneyScalar.coerceInputValue(value), String(value)).toThrow();
    }
    const literals = [
      { kind: Kind.INT, value: '9007199254740993' },
      { kind: Kind.INT, value: '-5' },
      { kind: Kind.FLOAT, value: '12.5' },
      { kind: Kind.FLOAT, value: '1e3' },
      { kind: Kind.STRING, value: '100' },
      { kind: Kind.BOOLEAN, value: true },
    ] as const;
    for (const literal of literals) expect(() => MoneyScalar.coerceInputLiteral?.(literal), JSON.stringify(literal)).toThrow();
  });

  it('never serializes a value that is not whole cents', () => {
    for (const value of [1.5, -1, '10', MAX + 2]) expect(() => MoneyScalar.coerceOutputValue(value)).toThrow();
  });
});

describe('Money scalar through the server (pglite)', () => {
  let app: GraphQLTestApp;
  let accountId: string;
  beforeAll(async () => {
    app = await openGraphQLTestApp('pglite');
    const opened = await app.bank.openAccount({ owner: 'Ada', pin: '1234' });
    if (opened.kind !== 'accepted') throw new Error(JSON.stringify(opened));
    accountId = opened.accountId;
  });
  afterAll(async () => {
    await app?.close();
  });

  const DEPOSIT = 'mutation ($input: DepositInput!) { deposit(input: $input) { __typename } }';

  it('refuses bad amounts in variables and in literals with BAD_USER_INPUT, storing nothing', async () => {
    const before = await app.eventStore.headPosition();
    for (const amount of ['100', 10.5, -100, MAX + 1]) {
      const response = await app.execute(DEPOSIT, { input: { accountId, amount } });
      expect(response.data, String(amount)).toBeUndefined();
      expect(response.errors?.map((e) => e.extensions?.code), String(amount)).toEqual(['BAD_USER_INPUT']);
    }
    for (const literal of ['"100"', '10.5', '-100', '9007199254740993']) {
      const response = await app.execute(`mutation { deposit(input: { accountId: "${accountId}", amount: ${literal} }) { __typename } }`);
      expect(response.data, literal).toBeUndefined();
      expect(response.errors?.map((e) => e.extensions?.code), literal).toEqual(['BAD_USER_INPUT']);
    }
    expect(await app.eventStore.headPosition()).toBe(before);
  });

  it('carries the largest exact amount without loss', async () => {
    const response = await app.execute<{ deposit: { account: { balance: number } } }>(
      `mutation { deposit(input: { accountId: "${accountId}", amount: ${MAX} }) { ... on DepositSuccess { account { balance } } } }`,
    );
    expect(response.data?.deposit.account.balance).toBe(MAX);
  });
});
