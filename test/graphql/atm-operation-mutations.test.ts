/**
 * ATM withdrawals and deposits through yoga.fetch, with the sagas running: STRONG answers once the
 * saga ended, EVENTUAL answers PENDING at once; every refusal comes back as its error type.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLTestApp, openGraphQLTestApp } from '../support/graphql-test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const WITHDRAW = `mutation Withdraw($input: InitiateWithdrawalInput!, $consistency: Consistency) {
  initiateWithdrawal(input: $input, consistency: $consistency) {
    __typename
    ... on InitiateWithdrawalSuccess { withdrawalId status position withdrawal { id status amount atmId account { id } } account { balance } }
    ... on DomainError { code message }
    ... on WrongPinError { accountId consecutiveFailures }
    ... on AccountLockedError { accountId }
    ... on AccountClosedError { accountId operationId }
    ... on InsufficientFundsError { accountId requested operationId }
    ... on AtmOutOfCashError { atmId requested operationId }
    ... on NotFoundError { id }
    ... on InvalidInputError { fields { path } }
  }
}`;

const DEPOSIT_AT_ATM = `mutation DepositCash($input: InitiateDepositInput!, $consistency: Consistency) {
  initiateDeposit(input: $input, consistency: $consistency) {
    __typename
    ... on InitiateDepositSuccess { depositId status deposit { id status amount } account { balance } }
    ... on DomainError { code }
    ... on BalanceOverflowError { amount }
    ... on OperationDeclinedError { reason operationId }
  }
}`;

type Result = Record<string, unknown> & { __typename: string };
const PIN = '2468';

for (const kind of testDatabaseKinds()) {
  describe(`ATM operation mutations (${kind})`, () => {
    let app: GraphQLTestApp;
    beforeAll(async () => {
      app = await openGraphQLTestApp(kind);
    });
    afterAll(async () => {
      await app?.close();
    });

    const account = async (balance: number): Promise<string> => {
      const opened = await app.bank.openAccount({ owner: 'Alan Turing', pin: PIN });
      if (opened.kind !== 'accepted') throw new Error(JSON.stringify(opened));
      if (balance > 0) await app.bank.deposit({ accountId: opened.accountId, amount: balance });
      return opened.accountId;
    };
    const withdraw = async (input: Record<string, unknown>, consistency?: string): Promise<Result> => {
      const response = await app.execute<{ initiateWithdrawal: Result }>(WITHDRAW, { input, consistency });
      expect(response.errors).toBeUndefined();
      return response.data?.initiateWithdrawal as Result;
    };
    const depositCash = async (input: Record<string, unknown>, consistency?: string): Promise<Result> => {
      const response = await app.execute<{ initiateDeposit: Result }>(DEPOSIT_AT_ATM, { input, consistency });
      expect(response.errors).toBeUndefined();
      return response.data?.initiateDeposit as Result;
    };

    it('withdraws at the default ATM: STRONG answers COMPLETED with the read models caught up', async () => {
      const accountId = await account(10_000);
      const result = await withdraw({ accountId, pin: PIN, amount: 2_500 });
      expect(result).toMatchObject({ __typename: 'InitiateWithdrawalSuccess', status: 'COMPLETED', account: { balance: 7_500 } });
      expect(result.withdrawal).toMatchObject({ id: result.withdrawalId, status: 'COMPLETED', amount: 2_500, account: { id: accountId } });
    });

    it('answers PENDING at once with EVENTUAL, and the withdrawal completes in the background', async () => {
      const accountId = await account(10_000);
      const result = await withdraw({ accountId, pin: PIN, amount: 1_000 }, 'EVENTUAL');
      expect(result).toMatchObject({ __typename: 'InitiateWithdrawalSuccess', status: 'PENDING' });
      await app.settle();
      const query = await app.execute<{ withdrawal: Result }>('query ($id: ID!) { withdrawal(id: $id) { status } }', { id: result.withdrawalId });
      expect(query.data?.withdrawal).toEqual({ status: 'COMPLETED' });
    });

    it('counts wrong PINs, locks the account on the third, and works again after an unlock', async () => {
      const accountId = await account(10_000);
      expect(await withdraw({ accountId, pin: '0000', amount: 100 })).toMatchObject({ __typename: 'WrongPinError', code: 'WrongPin', accountId, consecutiveFailures: 1 });
      expect(await withdraw({ accountId, pin: '0000', amount: 100 })).toMatchObject({ __typename: 'WrongPinError', consecutiveFailures: 2 });
      expect(await withdraw({ accountId, pin: '0000', amount: 100 })).toMatchObject({ __typename: 'WrongPinError', consecutiveFailures: 3 });
      expect(await withdraw({ accountId, pin: PIN, amount: 100 })).toMatchObject({ __typename: 'AccountLockedError', code: 'AccountLocked', accountId });
      const unlocked = await app.execute<{ unlockAccount: Result }>('mutation ($id: ID!) { unlockAccount(input: { accountId: $id }) { __typename } }', { id: accountId });
      expect(unlocked.data?.unlockAccount.__typename).toBe('UnlockAccountSuccess');
      expect(await withdraw({ accountId, pin: PIN, amount: 100 })).toMatchObject({ __typename: 'InitiateWithdrawalSuccess', status: 'COMPLETED' });
    });

    it('declines a withdrawal over the balance as InsufficientFundsError naming the recorded withdrawal', async () => {
      const accountId = await account(500);
      const result = await withdraw({ accountId, pin: PIN, amount: 501 });
      expect(result).toMatchObject({ __typename: 'InsufficientFundsError', code: 'InsufficientFunds', accountId, requested: 501 });
      const query = await app.execute<{ withdrawal: Result }>('query ($id: ID!) { withdrawal(id: $id) { status reason } }', { id: result.operationId });
      expect(query.data?.withdrawal).toEqual({ status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' });
    });

    it('refuses up front when the ATM cannot cover the amount, or does not exist', async () => {
      const accountId = await account(10_000);
      const atm = await app.bank.registerAtm({ initialCash: 1_000 });
      if (atm.kind !== 'accepted') throw new Error(JSON.stringify(atm));
      expect(await withdraw({ accountId, pin: PIN, amount: 1_001, atmId: atm.atmId })).toMatchObject({
        __typename: 'AtmOutOfCashError',
        code: 'AtmOutOfCash',
        atmId: atm.atmId,
        requested: 1_001,
        operationId: null,
      });
      const missing = randomUUID();
      expect(await withdraw({ accountId, pin: PIN, amount: 1, atmId: missing })).toMatchObject({ __typename: 'NotFoundError', code: 'AtmNotFound', id: missing });
    });

    it('refuses unknown and closed accounts', async () => {
      const unknown = randomUUID();
      // An unknown account reads like a wrong PIN: the answer does not tell which account ids exist.
      expect(await withdraw({ accountId: unknown, pin: PIN, amount: 1 })).toMatchObject({ __typename: 'WrongPinError', code: 'WrongPin', accountId: unknown });
      const accountId = await account(0);
      await app.bank.closeAccount({ accountId });
      expect(await withdraw({ accountId, pin: PIN, amount: 1 })).toMatchObject({ __typename: 'AccountClosedError', code: 'AccountClosed', accountId });
    });

    it('refuses malformed input as InvalidInputError and stores nothing', async () => {
      const accountId = await account(0);
      const before = await app.eventStore.headPosition();
      const result = await withdraw({ accountId, pin: '12ab', amount: 0 });
      expect(result.__typename).toBe('InvalidInputError');
      expect((result.fields as { path: string }[]).map((f) => f.path).sort()).toEqual(['amount', 'pin']);
      expect(await app.eventStore.headPosition()).toBe(before);
    });

    it('deposits cash at an ATM, and declines a deposit past the largest balance as BalanceOverflowError', async () => {
      const accountId = await account(1_000);
      const result = await depositCash({ accountId, pin: PIN, amount: 4_000 });
      expect(result).toMatchObject({ __typename: 'InitiateDepositSuccess', status: 'COMPLETED', deposit: { status: 'COMPLETED', amount: 4_000 }, account: { balance: 5_000 } });
      const pending = await depositCash({ accountId, pin: PIN, amount: 1 }, 'EVENTUAL');
      expect(pending).toMatchObject({ __typename: 'InitiateDepositSuccess', status: 'PENDING' });
      await app.settle();

      const full = await account(Number.MAX_SAFE_INTEGER - 10);
      expect(await depositCash({ accountId: full, pin: PIN, amount: 11 })).toMatchObject({ __typename: 'BalanceOverflowError', code: 'BalanceOverflow', amount: 11 });
    });
  });
}
