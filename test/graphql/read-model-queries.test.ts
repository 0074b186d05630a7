/**
 * The read-model queries through yoga.fetch: cursor pages of accounts, ATMs and ledgers, lookups by
 * id, bad page requests, and the batching of ledgers: a page of accounts with their transactions
 * costs a fixed number of read-model calls (one per list), however many accounts it holds.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import { type GraphQLTestApp, openGraphQLTestApp } from '../support/graphql-test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

interface Connection<Node> {
  readonly nodes: Node[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}
interface AccountNode {
  readonly id: string;
  readonly owner: string;
  readonly transactions: Connection<{ readonly kind: string; readonly amount: number; readonly balanceAfter: number }>;
}

const ACCOUNTS = `query Accounts($first: Int, $after: String, $txFirst: Int) {
  accounts(first: $first, after: $after) {
    nodes { id owner transactions(first: $txFirst) { nodes { kind amount balanceAfter } pageInfo { hasNextPage endCursor } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

for (const kind of testDatabaseKinds()) {
  describe(`read-model queries (${kind})`, () => {
    let app: GraphQLTestApp;
    const accountIds: string[] = [];

    beforeAll(async () => {
      app = await openGraphQLTestApp(kind);
      for (let i = 0; i < 5; i += 1) {
        const opened = await app.bank.openAccount({ owner: `Owner ${i}`, pin: '1234' });
        if (opened.kind !== 'accepted') throw new Error(JSON.stringify(opened));
        accountIds.push(opened.accountId);
        for (let d = 1; d <= 3; d += 1) await app.bank.deposit({ accountId: opened.accountId, amount: 100 * d });
      }
    });
    afterAll(async () => {
      await app?.close();
    });

    it('pages through accounts in opening order with cursors', async () => {
      const first = await app.execute<{ accounts: Connection<AccountNode> }>(ACCOUNTS, { first: 2, txFirst: 0 });
      expect(first.errors).toBeUndefined();
      expect(first.data?.accounts.nodes.map((a) => a.id)).toEqual(accountIds.slice(0, 2));
      expect(first.data?.accounts.pageInfo.hasNextPage).toBe(true);
      const seen = [...(first.data?.accounts.nodes.map((a) => a.id) ?? [])];
      let after = first.data?.accounts.pageInfo.endCursor;
      for (let page = 0; page < 5 && after; page += 1) {
        const next = await app.execute<{ accounts: Connection<AccountNode> }>(ACCOUNTS, { first: 2, after, txFirst: 0 });
        seen.push(...(next.data?.accounts.nodes.map((a) => a.id) ?? []));
        after = next.data?.accounts.pageInfo.hasNextPage ? next.data.accounts.pageInfo.endCursor : null;
      }
      expect(seen).toEqual(accountIds);
    });

    it('serves a page of accounts with their ledgers in one call per list, whatever the page size', async () => {
      for (const size of [2, 5]) {
        app.resetCalls();
        const response = await app.execute<{ accounts: Connection<AccountNode> }>(ACCOUNTS, { first: size, txFirst: 2 });
        expect(response.errors).toBeUndefined();
        const nodes = response.data?.accounts.nodes ?? [];
        expect(nodes).toHaveLength(size);
        for (const node of nodes) {
          expect(node.transactions.nodes).toEqual([
            { kind: 'DEPOSIT', amount: 300, balanceAfter: 600 },
            { kind: 'DEPOSIT', amount: 200, balanceAfter: 300 },
          ]);
          expect(node.transactions.pageInfo.hasNextPage).toBe(true);
        }
        expect(app.calls).toMatchObject({ listAccounts: 1, listTransactionsForAccounts: 1, findAccount: 0 });
      }
    });

    it('pages through one ledger, newest first', async () => {
      const query = `query ($id: ID!, $after: String) { account(id: $id) { transactions(first: 2, after: $after) { nodes { amount } pageInfo { hasNextPage endCursor } } } }`;
      const first = await app.execute<{ account: AccountNode }>(query, { id: accountIds[0] });
      expect(first.data?.account.transactions.nodes).toEqual([{ amount: 300 }, { amount: 200 }]);
      const second = await app.execute<{ account: AccountNode }>(query, { id: accountIds[0], after: first.data?.account.transactions.pageInfo.endCursor });
      expect(second.data?.account.transactions).toEqual({ nodes: [{ amount: 100 }], pageInfo: { hasNextPage: false, endCursor: expect.any(String) } });
    });

    it('reports a made-up cursor or an out-of-range page size as BAD_USER_INPUT', async () => {
      for (const variables of [{ first: 2, after: 'bm90LWEtY3Vyc29y' }, { first: 101 }, { first: -1 }]) {
        const response = await app.execute(ACCOUNTS, { ...variables, txFirst: 0 });
        expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      }
    });

    it('finds accounts and ATMs by id, and answers null for unknown ids', async () => {
      const response = await app.execute<Record<string, unknown>>(
        `query ($id: ID!, $missing: ID!, $atm: ID!) {
          account(id: $id) { id owner balance status version position openedAt updatedAt }
          unknown: account(id: $missing) { id }
          notUuid: account(id: "42") { id }
          atm(id: $atm) { id cash reserved available registeredAt updatedAt }
          noAtm: atm(id: $missing) { id }
          atms(first: 10) { nodes { id } pageInfo { hasNextPage } }
          withdrawal(id: $missing) { id }
          deposit(id: $missing) { id }
        }`,
        { id: accountIds[1], missing: randomUUID(), atm: DEFAULT_ATM_ID },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data).toMatchObject({
        account: { id: accountIds[1], owner: 'Owner 1', balance: 600, status: 'OPEN', version: 4, position: expect.stringMatching(/^\d+$/) },
        unknown: null,
        notUuid: null,
        atm: { id: DEFAULT_ATM_ID, cash: 100_000_000, reserved: 0, available: 100_000_000 },
        noAtm: null,
        atms: { nodes: [{ id: DEFAULT_ATM_ID }], pageInfo: { hasNextPage: false } },
        withdrawal: null,
        deposit: null,
      });
    });
  });
}
