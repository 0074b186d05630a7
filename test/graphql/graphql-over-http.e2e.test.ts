/**
 * The API end to end over real HTTP and WebSocket, through the generated typed documents and the
 * client module: the original walkthrough (Peter, PIN 1234), two live subscribers (SSE and graphql-ws)
 * seeing the withdrawal's whole chain with its causation and correlation ids, the flow tree, the
 * account as of past positions, the `withdrawal` subscription ending at COMPLETED, and subscriptions
 * releasing their store subscription when the client leaves.
 */
import { parse, print, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EsBankClient } from '../../client/esbank-client.ts';
import {
  AccountAsOfDocument,
  AccountDocument,
  AccountEventsDocument,
  AtmDocument,
  DepositDocument,
  FlowDocument,
  InitiateWithdrawalDocument,
  LiveEventsDocument,
  type LiveEventsSubscription,
  OpenAccountDocument,
  WithdrawalStatusDocument,
} from '../../client/generated/graphql.ts';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import { GRAPHIQL_TABS } from '../../src/graphql/graphiql-examples.ts';
import { schema } from '../../src/graphql/schema.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { collectUntil } from '../support/stream-collector.ts';
import { testDatabaseKinds } from '../support/test-database.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';

type LiveEvent = LiveEventsSubscription['events'];

const WITHDRAWAL_CHAIN = ['Accounts.AuthorizationConfirmed', 'Tellers.WithdrawalInitiated', 'Accounts.MoneyWithdrawn', 'Tellers.MoneyWithdrawn'];

async function openAccount(client: EsBankClient, owner: string, pin: string): Promise<{ accountId: string; position: string }> {
  const { openAccount } = await client.request(OpenAccountDocument, { input: { owner, pin } });
  if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(`Opening failed: ${JSON.stringify(openAccount)}`);
  return { accountId: openAccount.accountId, position: openAccount.position };
}

for (const kind of testDatabaseKinds()) {
  describe(`the GraphQL API over HTTP and WebSocket (${kind})`, () => {
    let api: GraphQLHttpServer;
    let client: EsBankClient;
    let accountId: string;
    let withdrawalId: string;
    let positions: { opened: string; deposited: string; withdrawn: string };
    let sseChain: LiveEvent[];
    let wsChain: LiveEvent[];

    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind);
      client = api.client;
    });
    afterAll(async () => {
      await api?.close();
    });

    it('runs the original walkthrough while an SSE and a WebSocket subscriber watch the event log', async () => {
      const start = String(await api.app.eventStore.headPosition());
      const isWithdrawalDone = (received: readonly LiveEvent[]) => received.some((e) => e.eventType === 'Tellers.MoneyWithdrawn');
      const overSse = collectUntil(client.subscribe(LiveEventsDocument, { afterPosition: start }, { transport: 'sse' }), (r) => isWithdrawalDone(r.map((x) => x.events)));
      const overWs = collectUntil(client.subscribe(LiveEventsDocument, { afterPosition: start }, { transport: 'ws' }), (r) => isWithdrawalDone(r.map((x) => x.events)));

      const opened = await openAccount(client, 'Peter', '1234');
      accountId = opened.accountId;
      const { deposit } = await client.request(DepositDocument, { input: { accountId, amount: 50_000 } });
      expect(deposit).toMatchObject({ __typename: 'DepositSuccess', account: { balance: 50_000 } });
      if (deposit.__typename !== 'DepositSuccess') return;

      const { initiateWithdrawal } = await client.request(InitiateWithdrawalDocument, { input: { accountId, pin: '1234', amount: 10_000 } });
      expect(initiateWithdrawal).toMatchObject({
        __typename: 'InitiateWithdrawalSuccess',
        status: 'COMPLETED',
        account: { balance: 40_000 },
        withdrawal: { status: 'COMPLETED', amount: 10_000, atmId: DEFAULT_ATM_ID },
      });
      if (initiateWithdrawal.__typename !== 'InitiateWithdrawalSuccess') return;
      withdrawalId = initiateWithdrawal.withdrawalId;
      positions = { opened: opened.position, deposited: deposit.position, withdrawn: initiateWithdrawal.position };
      expect((await client.request(AtmDocument, { id: DEFAULT_ATM_ID })).atm?.cash).toBe(99_990_000);

      const refused = await client.request(InitiateWithdrawalDocument, { input: { accountId, pin: '2468', amount: 10_000 } });
      expect(refused.initiateWithdrawal).toMatchObject({ __typename: 'WrongPinError', code: 'WrongPin', accountId, consecutiveFailures: 1 });
      await api.settle();
      const after = await client.request(AccountDocument, { id: accountId });
      expect(after.account?.balance).toBe(40_000);
      expect(after.account?.transactions.nodes.map((t) => [t.kind, t.amount])).toEqual([['WITHDRAWAL', 10_000], ['DEPOSIT', 50_000]]);
      expect((await client.request(AtmDocument, { id: DEFAULT_ATM_ID })).atm?.cash).toBe(99_990_000);

      const [sse, ws] = await Promise.all([overSse, overWs]);
      const stored = await api.app.eventStore.readAll({ fromPosition: Number(start), limit: sse.received.length });
      for (const { received } of [sse, ws]) {
        expect(received.map((r) => r.events.eventId)).toEqual(stored.map((e) => e.eventId));
        expect(received.map((r) => r.events.position)).toEqual(stored.map((e) => String(e.position)));
      }
      sseChain = sse.received.map((r) => r.events).filter((e) => e.correlationId === withdrawalId);
      wsChain = ws.received.map((r) => r.events).filter((e) => e.correlationId === withdrawalId);
    });

    it('delivers the withdrawal chain in order, all with the withdrawal id as correlation id, each caused by the one before', () => {
      for (const chain of [sseChain, wsChain]) {
        expect(chain.map((e) => e.eventType)).toEqual(WITHDRAWAL_CHAIN);
        expect(chain.map((e) => e.__typename)).toEqual(WITHDRAWAL_CHAIN.map((type) => type.replace('.', '')));
        expect(chain.every((e) => e.correlationId === withdrawalId)).toBe(true);
        const [first, ...rest] = chain;
        expect(first?.metadata).toMatchObject({ causationCommandType: 'Tellers.InitiateWithdrawal' });
        expect(chain.map((e) => e.eventId)).not.toContain(first?.causationId);
        rest.forEach((event, i) => expect(event.causationId).toBe(chain[i]?.eventId));
        expect(JSON.stringify(chain)).not.toMatch(/pinHash|scrypt/);
      }
      expect(wsChain).toEqual(sseChain);
    });

    it('returns the withdrawal flow as a tree whose event nodes are the chain the subscribers saw', async () => {
      const { flow } = await client.request(FlowDocument, { correlationId: withdrawalId });
      expect(flow?.nodes.map((n) => [n.depth, n.kind, n.type])).toEqual([
        [0, 'COMMAND', 'Tellers.InitiateWithdrawal'],
        [1, 'COMMAND', 'Accounts.ConfirmAuthorization'],
        [2, 'EVENT', 'Accounts.AuthorizationConfirmed'],
        [3, 'COMMAND', 'Tellers.InitiateWithdrawal'],
        [4, 'EVENT', 'Tellers.WithdrawalInitiated'],
        [5, 'COMMAND', 'Accounts.WithdrawMoney'],
        [6, 'EVENT', 'Accounts.MoneyWithdrawn'],
        [7, 'COMMAND', 'Tellers.DispenseCash'],
        [8, 'EVENT', 'Tellers.MoneyWithdrawn'],
      ]);
      expect(flow?.nodes.filter((n) => n.kind === 'EVENT').map((n) => n.event?.eventId)).toEqual(sseChain.map((e) => e.eventId));
      expect(flow?.rootIds).toEqual([sseChain[0]?.causationId]);
    });

    it('shows the account as it stood at past positions', async () => {
      const at = async (position: string) => (await client.request(AccountAsOfDocument, { id: accountId, asOf: { position } })).account;
      expect(await at(String(Number(positions.opened) - 1))).toBeNull();
      expect(await at(positions.opened)).toMatchObject({ balance: 0, version: 1, transactions: { nodes: [] } });
      expect(await at(positions.deposited)).toMatchObject({ balance: 50_000, transactions: { nodes: [{ kind: 'DEPOSIT', amount: 50_000 }] } });
      expect(await at(positions.withdrawn)).toMatchObject({ balance: 40_000 });
    });

    it('follows a withdrawal over SSE and WebSocket until COMPLETED, and ends there', async () => {
      const done = await collectUntil(client.subscribe(WithdrawalStatusDocument, { id: withdrawalId }, { transport: 'ws' }));
      expect(done).toEqual({ completed: true, received: [{ withdrawal: expect.objectContaining({ id: withdrawalId, status: 'COMPLETED' }) }] });

      const { initiateWithdrawal } = await client.request(InitiateWithdrawalDocument, { input: { accountId, pin: '1234', amount: 1_000 }, consistency: 'EVENTUAL' });
      expect(initiateWithdrawal).toMatchObject({ __typename: 'InitiateWithdrawalSuccess', status: 'PENDING' });
      if (initiateWithdrawal.__typename !== 'InitiateWithdrawalSuccess') return;
      const id = initiateWithdrawal.withdrawalId;
      const followed = await Promise.all([
        collectUntil(client.subscribe(WithdrawalStatusDocument, { id }, { transport: 'sse' })),
        collectUntil(client.subscribe(WithdrawalStatusDocument, { id }, { transport: 'ws' })),
      ]);
      for (const { completed, received } of followed) {
        expect(completed).toBe(true);
        const statuses = received.map((r) => r.withdrawal.status);
        expect(statuses.at(-1)).toBe('COMPLETED');
        expect(['PENDING,COMPLETED', 'COMPLETED']).toContain(statuses.join(','));
        expect(received.at(-1)?.withdrawal).toMatchObject({ id, accountId, amount: 1_000, completedAt: expect.any(String) });
      }
    });

    it('releases the store subscription when an SSE client aborts, a WebSocket client completes, or its socket closes', async () => {
      await api.storeSubscriptions.waitUntil((n) => n === 0);
      const quiet = { accountId, afterPosition: String(await api.app.eventStore.headPosition()) };

      const abortSse = new AbortController();
      const overSse = collectUntil(client.subscribe(AccountEventsDocument, quiet, { transport: 'sse', signal: abortSse.signal }));
      await api.storeSubscriptions.waitUntil((n) => n === 1);
      abortSse.abort();
      expect(await overSse).toEqual({ completed: true, received: [] });
      await api.storeSubscriptions.waitUntil((n) => n === 0);

      const abortWs = new AbortController();
      const overWs = collectUntil(client.subscribe(AccountEventsDocument, quiet, { transport: 'ws', signal: abortWs.signal }));
      await api.storeSubscriptions.waitUntil((n) => n === 1);
      abortWs.abort();
      await overWs;
      await api.storeSubscriptions.waitUntil((n) => n === 0);

      const leaving = api.newClient();
      const dropped = collectUntil(leaving.subscribe(AccountEventsDocument, quiet, { transport: 'ws' })).catch((error: unknown) => error);
      await api.storeSubscriptions.waitUntil((n) => n === 1);
      await leaving.close();
      await dropped;
      await api.storeSubscriptions.waitUntil((n) => n === 0);
    });

    it('streams SSE over GET only with the CSRF header, as every GET', async () => {
      const afterPosition = String((await api.app.eventStore.headPosition()) - 1);
      const search = new URLSearchParams({ query: print(LiveEventsDocument), variables: JSON.stringify({ afterPosition }) });
      const blocked = await fetch(`${api.url}?${search}`, { headers: { accept: 'text/event-stream' } });
      expect(blocked.status).toBe(403);
      await blocked.body?.cancel();

      const abort = new AbortController();
      const allowed = await fetch(`${api.url}?${search}`, { headers: { accept: 'text/event-stream', 'x-graphql-csrf': '1', authorization: OPERATOR_AUTHORIZATION }, signal: abort.signal });
      expect(allowed.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = allowed.body?.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (reader && !text.includes('event: next')) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      abort.abort();
      await api.storeSubscriptions.waitUntil((n) => n === 0);
      expect(text).toContain(`"position":"${Number(afterPosition) + 1}"`);
    });

    it('opens GraphiQL with example tabs, a live subscription among them, that all validate against the schema', async () => {
      const html = await (await fetch(api.url, { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('subscription Watch');
      for (const { query } of GRAPHIQL_TABS) expect(validate(schema, parse(query))).toEqual([]);
    });
  });
}
