/**
 * The accounts queries on real databases: API shapes, cursor pagination of accounts in opening order,
 * the ledgers of a page of accounts in ONE query (counted with a kysely plugin on the real
 * connection), and bad page requests refused without touching any row.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsQueries, createAccountsQueries } from '../../src/read-models/accounts/accounts-queries.ts';
import { InvalidPageRequestError } from '../../src/read-models/read-model-pagination.ts';
import { openReadModelHarness, type ReadModelHarness } from '../support/read-model-harness.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

/** Counts the queries kysely sends through the instance it is plugged into. */
class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe.each(testDatabaseKinds())('accounts queries on %s', (kind) => {
  let h: ReadModelHarness;
  let queries: AccountsQueries;
  const opened: string[] = [];

  beforeAll(async () => {
    h = await openReadModelHarness(kind);
    const atmId = await h.writer.registerAtm(100_000);
    for (let i = 0; i < 7; i += 1) {
      const id = await h.writer.openAccount(`Owner ${i}`);
      opened.push(id);
      for (let n = 0; n < i; n += 1) await h.writer.deposit(id, 100 * (n + 1));
      if (i % 3 === 2) await h.writer.atmWithdrawal(id, atmId, 50, 'completed');
    }
    await h.catchUp('accounts');
    queries = createAccountsQueries(h.db);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds an account in the API shape', async () => {
    const id = opened[3]!;
    const row = await h.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await queries.findAccount(id.toUpperCase())).toEqual({
      id,
      owner: 'Owner 3',
      balance: 600,
      status: 'OPEN',
      openedAt: row.opened_at,
      updatedAt: row.updated_at,
      version: 4,
      position: row.position,
    });
    expect(await queries.findAccount('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await queries.findAccount("'; drop table accounts; --")).toBeNull();
  });

  it('pages through the accounts in the order they were opened', async () => {
    const seen: string[] = [];
    const pages: boolean[] = [];
    let page = await queries.listAccounts({ first: 3 });
    for (;;) {
      seen.push(...page.nodes.map((n) => n.id));
      pages.push(page.pageInfo.hasNextPage);
      if (!page.pageInfo.hasNextPage) break;
      page = await queries.listAccounts({ first: 3, after: page.pageInfo.endCursor });
    }
    expect(seen).toEqual(opened);
    expect(pages).toEqual([true, true, false]);
    expect(page.nodes.map((n) => n.owner)).toEqual(['Owner 6']);
    const all = await queries.listAccounts();
    expect(all.nodes.map((n) => n.id)).toEqual(opened);
    expect(all.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    expect(await queries.listAccounts({ after: all.pageInfo.endCursor })).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('serves the ledgers of a whole page of accounts in one query, newest first', async () => {
    const counter = new QueryCounter();
    const counted = createAccountsQueries(h.db.withPlugin(counter));
    const ids = [opened[5]!, opened[0]!, 'not-an-id', opened[2]!];
    const pages = await counted.listTransactions(ids, { first: 3 });
    expect(counter.count).toBe(1);

    const ledger = async (id: string) =>
      h.db.selectFrom('account_transactions').select(['event_id', 'position', 'kind', 'amount']).where('account_id', '=', id).orderBy('position', 'desc').execute();
    const full5 = await ledger(opened[5]!);
    expect(full5.map((t) => t.kind)).toEqual(['WITHDRAWAL', 'DEPOSIT', 'DEPOSIT', 'DEPOSIT', 'DEPOSIT', 'DEPOSIT']);
    expect(pages.map((p) => p.nodes.length)).toEqual([3, 0, 0, 3]);
    expect(pages[0]!.nodes.map((n) => n.id)).toEqual(full5.slice(0, 3).map((t) => t.event_id));
    expect(pages[0]!.nodes[0]).toMatchObject({ accountId: opened[5], kind: 'WITHDRAWAL', amount: 50, atmId: expect.any(String), balanceAfter: 1_450 });
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, false, false, false]);

    const next = await counted.listTransactions([opened[5]!], { first: 3, after: pages[0]!.pageInfo.endCursor });
    expect(next[0]!.nodes.map((n) => n.id)).toEqual(full5.slice(3).map((t) => t.event_id));
    expect(next[0]!.pageInfo.hasNextPage).toBe(false);
    expect(await counted.listTransactions([])).toEqual([]);
  });

  it('refuses bad page requests and changes no row', async () => {
    const before = await queries.countRows();
    expect(before).toEqual({ accounts: 7, accountTransactions: 21 + 2 });
    await expect(queries.listAccounts({ first: -1 })).rejects.toBeInstanceOf(InvalidPageRequestError);
    await expect(queries.listAccounts({ first: 1.5 })).rejects.toBeInstanceOf(InvalidPageRequestError);
    await expect(queries.listAccounts({ after: 'not a cursor' })).rejects.toBeInstanceOf(InvalidPageRequestError);
    const transactionCursor = (await queries.listTransactions([opened[6]!], { first: 1 }))[0]!.pageInfo.endCursor;
    await expect(queries.listAccounts({ after: transactionCursor })).rejects.toBeInstanceOf(InvalidPageRequestError);
    await expect(queries.listTransactions([opened[1]!], { first: 1_000 })).rejects.toBeInstanceOf(InvalidPageRequestError);
    expect(await queries.countRows()).toEqual(before);
  });
});
