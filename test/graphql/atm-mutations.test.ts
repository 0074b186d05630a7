/**
 * The operator's ATM mutations through yoga.fetch: register (with a given or a new id) and refill,
 * and each way they are refused.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import { type GraphQLTestApp, openGraphQLTestApp } from '../support/graphql-test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const REGISTER = `mutation Register($input: RegisterAtmInput!, $consistency: Consistency) {
  registerAtm(input: $input, consistency: $consistency) {
    __typename
    ... on RegisterAtmSuccess { atmId position atm { id cash reserved available } }
    ... on DomainError { code }
    ... on AlreadyExistsError { id }
    ... on InvalidInputError { fields { path } }
  }
}`;

const REFILL = `mutation Refill($input: RefillAtmInput!) {
  refillAtm(input: $input) {
    __typename
    ... on RefillAtmSuccess { atmId atm { cash } }
    ... on DomainError { code }
    ... on NotFoundError { id }
    ... on BalanceOverflowError { amount }
    ... on InvalidInputError { fields { path } }
  }
}`;

type Result = Record<string, unknown> & { __typename: string };

for (const kind of testDatabaseKinds()) {
  describe(`ATM mutations (${kind})`, () => {
    let app: GraphQLTestApp;
    beforeAll(async () => {
      app = await openGraphQLTestApp(kind);
    });
    afterAll(async () => {
      await app?.close();
    });

    const register = async (input: Record<string, unknown>, consistency?: string) =>
      (await app.execute<{ registerAtm: Result }>(REGISTER, { input, consistency })).data?.registerAtm;
    const refill = async (input: Record<string, unknown>) => (await app.execute<{ refillAtm: Result }>(REFILL, { input })).data?.refillAtm;

    it('registers an ATM under a new id, and under a given id once only', async () => {
      const fresh = await register({ initialCash: 0 });
      expect(fresh).toMatchObject({ __typename: 'RegisterAtmSuccess', atm: { cash: 0, reserved: 0, available: 0 } });
      expect((fresh?.atm as Result).id).toBe(fresh?.atmId);

      const atmId = randomUUID();
      expect(await register({ atmId, initialCash: 5_000 })).toMatchObject({ __typename: 'RegisterAtmSuccess', atmId, atm: { cash: 5_000 } });
      expect(await register({ atmId, initialCash: 1 })).toMatchObject({ __typename: 'AlreadyExistsError', code: 'AtmAlreadyRegistered', id: atmId });
      expect(await register({ atmId: DEFAULT_ATM_ID, initialCash: 1 })).toMatchObject({ __typename: 'AlreadyExistsError' });
    });

    it('refills an ATM, and refuses unknown ATMs, zero amounts and overflowing cash', async () => {
      const atmId = randomUUID();
      await register({ atmId, initialCash: 1_000 });
      expect(await refill({ atmId, amount: 250 })).toMatchObject({ __typename: 'RefillAtmSuccess', atmId, atm: { cash: 1_250 } });
      const missing = randomUUID();
      expect(await refill({ atmId: missing, amount: 250 })).toMatchObject({ __typename: 'NotFoundError', code: 'AtmNotFound', id: missing });
      const before = await app.eventStore.headPosition();
      expect(await refill({ atmId, amount: 0 })).toMatchObject({ __typename: 'InvalidInputError', fields: [{ path: 'amount' }] });
      expect(await app.eventStore.headPosition()).toBe(before);
      expect(await refill({ atmId, amount: Number.MAX_SAFE_INTEGER })).toMatchObject({ __typename: 'BalanceOverflowError', code: 'CashOverflow', amount: Number.MAX_SAFE_INTEGER });
    });

    it('answers with ids and position at once under EVENTUAL consistency', async () => {
      const result = await register({ initialCash: 10 }, 'EVENTUAL');
      expect(result).toMatchObject({ __typename: 'RegisterAtmSuccess' });
      expect(result?.position).toMatch(/^\d+$/);
    });
  });
}
