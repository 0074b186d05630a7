/**
 * The account mutations through yoga.fetch on a real app: every success and every error type, the
 * consistency levels, and that refused or invalid input stores nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLTestApp, openGraphQLTestApp } from '../support/graphql-test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const OPEN = `mutation Open($input: OpenAccountInput!, $consistency: Consistency) {
  openAccount(input: $input, consistency: $consistency) {
    __typename
    ... on OpenAccountSuccess { accountId position account { id owner balance status version } }
    ... on DomainError { code message }
    ... on InvalidInputError { fields { path message } }
  }
}`;

const DEPOSIT = `mutation Deposit($input: DepositInput!, $consistency: Consistency) {
  deposit(input: $input, consistency: $consistency) {
    __typename
    ... on DepositSuccess { accountId position account { balance version } }
    ... on DomainError { code message }
    ... on NotFoundError { id }
    ... on AccountClosedError { accountId }
    ... on BalanceOverflowError { amount }
    ... on InvalidInputError { fields { path } }
  }
}`;

const CLOSE = `mutation Close($accountId: ID!) {
  closeAccount(input: { accountId: $accountId }) {
    __typename
    ... on CloseAccountSuccess { accountId account { status } }
    ... on DomainError { code }
    ... on BalanceNotZeroError { accountId balance }
    ... on NotFoundError { id }
  }
}`;

const UNLOCK = `mutation Unlock($accountId: ID!) {
  unlockAccount(input: { accountId: $accountId }) {
    __typename
    ... on UnlockAccountSuccess { accountId account { status } }
    ... on DomainError { code }
  }
}`;

type Result = Record<string, unknown> & { __typename: string };

for (const kind of testDatabaseKinds()) {
  describe(`account mutations (${kind})`, () => {
    let app: GraphQLTestApp;
    beforeAll(async () => {
      app = await openGraphQLTestApp(kind);
    });
    afterAll(async () => {
      await app?.close();
    });

    const open = async (owner = 'Ada Lovelace', pin = '1234'): Promise<Result> => {
      const response = await app.execute<{ openAccount: Result }>(OPEN, { input: { owner, pin } });
      expect(response.errors).toBeUndefined();
      return response.data?.openAccount as Result;
    };
    const openId = async (): Promise<string> => String((await open()).accountId);
    const deposit = async (accountId: string, amount: number, consistency?: string): Promise<Result> => {
      const response = await app.execute<{ deposit: Result }>(DEPOSIT, { input: { accountId, amount }, consistency });
      expect(response.errors).toBeUndefined();
      return response.data?.deposit as Result;
    };

    it('opens an account and, with STRONG consistency, reads it back in the same answer', async () => {
      const result = await open('Grace Hopper');
      expect(result.__typename).toBe('OpenAccountSuccess');
      expect(result.account).toEqual({ id: result.accountId, owner: 'Grace Hopper', balance: 0, status: 'OPEN', version: 1 });
      expect(result.position).toMatch(/^\d+$/);
    });

    it('returns ids and position at once with EVENTUAL consistency', async () => {
      const response = await app.execute<{ openAccount: Result }>(OPEN, { input: { owner: 'Eve', pin: '1234' }, consistency: 'EVENTUAL' });
      expect(response.data?.openAccount.__typename).toBe('OpenAccountSuccess');
      expect(response.data?.openAccount.accountId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('refuses bad input with InvalidInputError naming every field, and stores nothing', async () => {
      const before = await app.eventStore.headPosition();
      const result = (await app.execute<{ openAccount: Result }>(OPEN, { input: { owner: ' ', pin: '12' } })).data?.openAccount;
      expect(result?.__typename).toBe('InvalidInputError');
      expect((result?.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['owner', 'pin']);
      expect(await app.eventStore.headPosition()).toBe(before);
    });

    it('deposits and shows the new balance', async () => {
      const accountId = await openId();
      const result = await deposit(accountId, 12_345);
      expect(result).toMatchObject({ __typename: 'DepositSuccess', accountId, account: { balance: 12_345, version: 2 } });
    });

    it('refuses a deposit of 0 as InvalidInputError on amount, and stores nothing', async () => {
      const accountId = await openId();
      const before = await app.eventStore.headPosition();
      const result = await deposit(accountId, 0);
      expect(result).toMatchObject({ __typename: 'InvalidInputError', fields: [{ path: 'amount' }] });
      expect(await app.eventStore.headPosition()).toBe(before);
    });

    it('answers NotFoundError for an unknown account', async () => {
      const accountId = randomUUID();
      expect(await deposit(accountId, 100)).toMatchObject({ __typename: 'NotFoundError', code: 'AccountNotFound', id: accountId });
    });

    it('answers BalanceOverflowError past the largest exact balance', async () => {
      const accountId = await openId();
      await deposit(accountId, Number.MAX_SAFE_INTEGER - 1);
      expect(await deposit(accountId, 2)).toMatchObject({ __typename: 'BalanceOverflowError', code: 'BalanceOverflow', amount: 2 });
    });

    it('closes an empty account only, then refuses deposits with AccountClosedError', async () => {
      const accountId = await openId();
      await deposit(accountId, 500);
      const refused = (await app.execute<{ closeAccount: Result }>(CLOSE, { accountId })).data?.closeAccount;
      expect(refused).toMatchObject({ __typename: 'BalanceNotZeroError', code: 'BalanceNotZero', accountId, balance: 500 });

      const emptyId = await openId();
      const closed = (await app.execute<{ closeAccount: Result }>(CLOSE, { accountId: emptyId })).data?.closeAccount;
      expect(closed).toMatchObject({ __typename: 'CloseAccountSuccess', accountId: emptyId, account: { status: 'CLOSED' } });
      expect(await deposit(emptyId, 100)).toMatchObject({ __typename: 'AccountClosedError', code: 'AccountClosed', accountId: emptyId });
      const unlock = (await app.execute<{ unlockAccount: Result }>(UNLOCK, { accountId: emptyId })).data?.unlockAccount;
      expect(unlock).toMatchObject({ __typename: 'AccountClosedError' });
    });

    it('unlocks an account (a no-op when it is not locked) and reports unknown accounts', async () => {
      const accountId = await openId();
      const unlocked = (await app.execute<{ unlockAccount: Result }>(UNLOCK, { accountId })).data?.unlockAccount;
      expect(unlocked).toMatchObject({ __typename: 'UnlockAccountSuccess', accountId, account: { status: 'OPEN' } });
      const unknown = (await app.execute<{ unlockAccount: Result }>(UNLOCK, { accountId: randomUUID() })).data?.unlockAccount;
      expect(unknown).toMatchObject({ __typename: 'NotFoundError', code: 'AccountNotFound' });
    });

    it('refuses an id that is not a UUID as InvalidInputError', async () => {
      expect(await deposit('not-a-uuid', 100)).toMatchObject({ __typename: 'InvalidInputError', fields: [{ path: 'accountId' }] });
    });
  });
}
