/**
 * The event log through yoga.fetch: every field of the recorded events, filters and paging, secrets
 * kept out, `account(asOf)` replayed by position and by time, and the flow tree of an ATM withdrawal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLTestApp, openGraphQLTestApp } from '../support/graphql-test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

interface EventNode {
  readonly __typename: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly version: number;
  readonly position: string;
  readonly causationId: string | null;
  readonly correlationId: string | null;
  readonly data: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
  readonly createdAt: string;
  readonly [field: string]: unknown;
}
interface EventPage {
  readonly nodes: EventNode[];
  readonly hasNextPage: boolean;
  readonly endPosition: string | null;
}

const EVENTS = `query Events($streamId: String, $correlationId: ID, $afterPosition: String, $types: [String!], $first: Int) {
  events(streamId: $streamId, correlationId: $correlationId, afterPosition: $afterPosition, types: $types, first: $first) {
    nodes {
      __typename eventId eventType schemaVersion streamId version position causationId correlationId data metadata createdAt
      ... on AccountsAccountOpened { accountId owner openedAt }
      ... on AccountsMoneyDeposited { amount oldBalance newBalance depositedAt depositId }
      ... on AccountsAuthorizationConfirmed { purpose { kind operationId atmId amount } }
      ... on TellersMoneyWithdrawn { withdrawalId oldCash newCash }
    }
    hasNextPage endPosition
  }
}`;

const ACCOUNT_AS_OF = `query AsOf($id: ID!, $asOf: AsOf) {
  account(id: $id, asOf: $asOf) { id owner balance status version position transactions { nodes { kind amount balanceAfter } } }
}`;

const PIN = '5555';

for (const kind of testDatabaseKinds()) {
  describe(`event log queries (${kind})`, () => {
    let app: GraphQLTestApp;
    let accountId: string;
    let withdrawalId: string;

    beforeAll(async () => {
      app = await openGraphQLTestApp(kind);
      const opened = await app.bank.openAccount({ owner: 'Ada Lovelace', pin: PIN });
      if (opened.kind !== 'accepted') throw new Error(JSON.stringify(opened));
      accountId = opened.accountId;
      await app.bank.deposit({ accountId, amount: 1_000 });
      await app.bank.deposit({ accountId, amount: 2_000 });
      const withdrawn = await app.bank.initiateWithdrawal({ accountId, pin: PIN, amount: 500 });
      if (withdrawn.kind !== 'accepted') throw new Error(JSON.stringify(withdrawn));
      withdrawalId = withdrawn.operationId;
    });
    afterAll(async () => {
      await app?.close();
    });

    const events = async (variables: Record<string, unknown>): Promise<EventPage> => {
      const response = await app.execute<{ events: EventPage }>(EVENTS, variables);
      expect(response.errors).toBeUndefined();
      return response.data?.events as EventPage;
    };

    it('lists a stream with every field of the recorded events, and never the PIN hash', async () => {
      const page = await events({ streamId: `account-${accountId}` });
      const stored = await app.eventStore.readStream(`account-${accountId}`);
      expect(page.nodes.map((e) => e.eventType)).toEqual(stored.map((e) => e.eventType));
      expect(page.hasNextPage).toBe(false);
      const [opened, deposited] = page.nodes;
      const [storedOpened] = stored;
      expect(opened).toMatchObject({
        __typename: 'AccountsAccountOpened',
        eventId: storedOpened?.eventId,
        eventType: 'Accounts.AccountOpened',
        schemaVersion: 2,
        streamId: `account-${accountId}`,
        version: 1,
        position: String(storedOpened?.position),
        causationId: storedOpened?.causationId,
        correlationId: storedOpened?.correlationId,
        createdAt: storedOpened?.createdAt.toISOString(),
        accountId,
        owner: 'Ada Lovelace',
        metadata: { commandType: 'Accounts.OpenAccount', commandId: storedOpened?.metadata.commandId },
      });
      expect(opened?.data).toEqual({ accountId, owner: 'Ada Lovelace', openedAt: opened?.openedAt });
      expect(JSON.stringify(page)).not.toMatch(/pinHash|scrypt/);
      expect(deposited).toMatchObject({ __typename: 'AccountsMoneyDeposited', amount: 1_000, oldBalance: 0, newBalance: 1_000, depositId: null, version: 2 });
    });

    it('filters by type and pages with afterPosition', async () => {
      const first = await events({ streamId: `account-${accountId}`, types: ['Accounts.MoneyDeposited'], first: 1 });
      expect(first.nodes.map((e) => e.amount)).toEqual([1_000]);
      expect(first.hasNextPage).toBe(true);
      const second = await events({ streamId: `account-${accountId}`, types: ['Accounts.MoneyDeposited'], first: 1, afterPosition: first.endPosition });
      expect(second.nodes.map((e) => e.amount)).toEqual([2_000]);
      const all = await events({ types: ['Accounts.MoneyDeposited', 'Accounts.AccountOpened'], first: 500 });
      expect(new Set(all.nodes.map((e) => e.eventType))).toEqual(new Set(['Accounts.MoneyDeposited', 'Accounts.AccountOpened']));
      const positions = all.nodes.map((e) => Number(e.position));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });

    it('lists the events of one flow by correlation id across streams', async () => {
      const page = await events({ correlationId: withdrawalId });
      expect(page.nodes.map((e) => e.eventType)).toEqual([
        'Accounts.AuthorizationConfirmed',
        'Tellers.WithdrawalInitiated',
        'Accounts.MoneyWithdrawn',
        'Tellers.MoneyWithdrawn',
      ]);
      expect(page.nodes.every((e) => e.correlationId === withdrawalId)).toBe(true);
      expect(page.nodes[0]?.purpose).toMatchObject({ kind: 'withdrawal', operationId: withdrawalId, amount: 500 });
      expect(page.nodes[3]).toMatchObject({ __typename: 'TellersMoneyWithdrawn', withdrawalId });
    });

    it('refuses a bad position or page size as BAD_USER_INPUT', async () => {
      for (const variables of [{ afterPosition: 'ten' }, { first: 0 }, { first: 501 }]) {
        const response = await app.execute(EVENTS, variables);
        expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      }
    });

    it('builds the flow tree of an ATM withdrawal from causation ids', async () => {
      const response = await app.execute<{ flow: { correlationId: string; rootIds: string[]; nodes: Record<string, unknown>[] } }>(
        `query ($id: ID!) { flow(correlationId: $id) { correlationId rootIds nodes { id kind type parentId depth issuedBy event { eventId position } } } }`,
        { id: withdrawalId },
      );
      expect(response.errors).toBeUndefined();
      const flow = response.data?.flow;
      expect(flow?.correlationId).toBe(withdrawalId);
      expect(flow?.nodes.map((n) => [n.depth, n.kind, n.type, n.issuedBy])).toEqual([
        [0, 'COMMAND', 'Tellers.InitiateWithdrawal', null],
        [1, 'COMMAND', 'Accounts.ConfirmAuthorization', null],
        [2, 'EVENT', 'Accounts.AuthorizationConfirmed', null],
        [3, 'COMMAND', 'Tellers.InitiateWithdrawal', 'atm-withdrawal'],
        [4, 'EVENT', 'Tellers.WithdrawalInitiated', null],
        [5, 'COMMAND', 'Accounts.WithdrawMoney', 'atm-withdrawal'],
        [6, 'EVENT', 'Accounts.MoneyWithdrawn', null],
        [7, 'COMMAND', 'Tellers.DispenseCash', 'atm-withdrawal'],
        [8, 'EVENT', 'Tellers.MoneyWithdrawn', null],
      ]);
      expect(flow?.rootIds).toEqual([flow?.nodes[0]?.id]);
      flow?.nodes.slice(1).forEach((node, i) => expect(node.parentId).toBe(flow.nodes[i]?.id));
      const unknown = await app.execute<{ flow: null }>(`{ flow(correlationId: "00000000-0000-4000-8000-000000000000") { correlationId } }`);
      expect(unknown.data?.flow).toBeNull();
    });

    it('replays an account as of a position and as of a time, without touching the read model', async () => {
      const stored = await app.eventStore.readStream(`account-${accountId}`);
      const firstDeposit = stored.find((e) => e.eventType === 'Accounts.MoneyDeposited');
      const atPosition = await app.execute<{ account: Record<string, unknown> }>(ACCOUNT_AS_OF, { id: accountId, asOf: { position: String(firstDeposit?.position) } });
      expect(atPosition.errors).toBeUndefined();
      expect(atPosition.data?.account).toEqual({
        id: accountId,
        owner: 'Ada Lovelace',
        balance: 1_000,
        status: 'OPEN',
        version: 2,
        position: String(firstDeposit?.position),
        transactions: { nodes: [{ kind: 'DEPOSIT', amount: 1_000, balanceAfter: 1_000 }] },
      });

      // Recording times have microseconds in the database and milliseconds here: the events recorded up
      // to the first deposit's millisecond are what a replay at that time must include.
      const time = firstDeposit?.createdAt ?? new Date();
      const upToTime = stored.filter((e) => e.createdAt.getTime() <= time.getTime());
      const lastMovement = upToTime.findLast((e) => typeof e.data.newBalance === 'number');
      const atTime = await app.execute<{ account: Record<string, unknown> }>(ACCOUNT_AS_OF, { id: accountId, asOf: { time: time.toISOString() } });
      expect(atTime.data?.account).toMatchObject({ balance: lastMovement?.data.newBalance, version: upToTime.length });
      expect(upToTime.length).toBeGreaterThanOrEqual(2);
      const both = await app.execute<{ account: Record<string, unknown> }>(ACCOUNT_AS_OF, {
        id: accountId,
        asOf: { time: new Date().toISOString(), position: String(stored[0]?.position) },
      });
      expect(both.data?.account).toMatchObject({ balance: 0, version: 1, transactions: { nodes: [] } });

      const before = await app.execute<{ account: null }>(ACCOUNT_AS_OF, { id: accountId, asOf: { time: '2000-01-01T00:00:00Z' } });
      expect(before.data?.account).toBeNull();

      const now = await app.execute<{ account: Record<string, unknown> }>(ACCOUNT_AS_OF, { id: accountId, asOf: { position: '999999999' } });
      expect(now.data?.account).toMatchObject({ balance: 2_500, version: stored.length });

      const neither = await app.execute(ACCOUNT_AS_OF, { id: accountId, asOf: {} });
      expect(neither.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });
}
