/**
 * Graceful shutdown of the real server, `node src/main.ts`, on SIGTERM, on PGlite (a data folder) and
 * on PostgreSQL: it stops taking connections, lets a withdrawal already in flight finish and answer,
 * ends the open subscriptions with a reason (SSE: a GraphQL error SHUTTING_DOWN; graphql-ws: close code
 * 1001), exits with code 0, and a new process on the same database serves again with the withdrawal
 * stored exactly once.
 *
 * "In flight" is made certain by a request whose body waits (shutdown-held-request.ts): the signal is
 * sent once the server's handler has the request, and the body only after the server has stopped
 * accepting connections, so the withdrawal runs entirely during the shutdown.
 *
 * Also, in-process: what `drain()` (request-handler.ts) answers while the process shuts down, on a
 * connection that was already open: 503 SHUTTING_DOWN with `Connection: close`, and /ready 503.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEsBankClient, EsBankGraphQLError, type EsBankClient } from '../../client/esbank-client.ts';
import { AccountDocument, DepositDocument, EventLogDocument, InitiateWithdrawalDocument, LiveEventsDocument, OpenAccountDocument, WithdrawalDocument } from '../../client/generated/graphql.ts';
import { createBankYoga } from '../../src/graphql/yoga.ts';
import { createRequestHandler, type RequestHandler } from '../../src/http/request-handler.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { postWithHeldBody } from '../support/shutdown-held-request.ts';
import { createServerDatabase, type ServerDatabase, startServer } from '../support/shutdown-server-process.ts';
import { OPERATOR_AUTHORIZATION, TEST_OPERATOR_TOKEN } from '../support/test-auth.ts';
import { openTestApp, type TestApp } from '../support/test-app.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

/** How long the process may take from SIGTERM to its exit (main.ts gives requests in flight 10 s). */
const EXIT_BOUND_MS = 15_000;

interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A graphql-ws socket signed in as the operator, with the messages it received and its close. */
async function openOperatorSocket(url: string): Promise<{ socket: WebSocket; messages: { type: string; payload?: unknown }[]; closed: Promise<Closed> }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: { type: string; payload?: unknown }[] = [];
  const closed = new Promise<Closed>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: OPERATOR_AUTHORIZATION } })));
    socket.on('message', (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { type: string; payload?: unknown };
      messages.push(message);
      if (message.type === 'connection_ack') resolve();
    });
  });
  return { socket, messages, closed };
}

/** What a request on a brand-new connection gets: its HTTP status, or the connection error's code. */
function freshConnectionOutcome(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const request = httpRequest(url, { agent: false, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.once('timeout', () => request.destroy(new Error('timeout')));
    request.end();
  });
}

async function openFundedAccount(client: EsBankClient, amount: number): Promise<{ accountId: string; position: string }> {
  const { openAccount } = await client.request(OpenAccountDocument, { input: { owner: 'Shutdown Sam', pin: '4321' } });
  if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(`Opening failed: ${JSON.stringify(openAccount)}`);
  const { deposit } = await client.request(DepositDocument, { input: { accountId: openAccount.accountId, amount } });
  if (deposit.__typename !== 'DepositSuccess') throw new Error(`Deposit failed: ${JSON.stringify(deposit)}`);
  return { accountId: openAccount.accountId, position: openAccount.position };
}

for (const kind of testDatabaseKinds()) {
  describe(`graceful shutdown of node src/main.ts on SIGTERM (${kind})`, () => {
    let database: ServerDatabase;
    let server: ServerProcess | undefined;
    const env = { LOG_LEVEL: 'info' };

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      server = await startServer(database, { env });
    });
    afterAll(async () => {
      await server?.kill();
      await database?.dispose();
    });

    it('finishes the withdrawal in flight, ends subscriptions with a reason, refuses new connections, exits 0, and serves again', async () => {
      if (!server) throw new Error('The server did not start.');
      const first = server;
      const runsOn = kind === 'pglite' ? 'the embedded database in' : 'PostgreSQL (DATABASE_URL)';
      expect(first.outputLines().some((line) => line.includes('"starting EsBank"') && line.includes(runsOn)), `the server runs on ${kind}`).toBe(true);
      const operator = createEsBankClient({ url: first.url, token: TEST_OPERATOR_TOKEN });
      const { accountId, position } = await openFundedAccount(operator, 50_000);

      const sse = operator.subscribe(LiveEventsDocument, { afterPosition: position }, { transport: 'sse' });
      const ws = await openOperatorSocket(first.url);
      ws.socket.send(JSON.stringify({ id: 'live', type: 'subscribe', payload: { query: print(LiveEventsDocument), variables: { afterPosition: position } } }));
      expect((await sse.next()).value?.events.eventType, 'the SSE subscription is live').toBe('Accounts.MoneyDeposited');
      await expect.poll(() => ws.messages.some((m) => m.type === 'next'), { timeout: 10_000 }).toBe(true);

      const withdrawal = postWithHeldBody(
        first.url,
        JSON.stringify({ query: print(InitiateWithdrawalDocument), variables: { input: { accountId, pin: '4321', amount: 10_000 }, consistency: 'STRONG' } }),
      );
      await withdrawal.admitted;
      const signalledAt = Date.now();
      const exited = first.kill('SIGTERM');

      await expect.poll(() => freshConnectionOutcome(`${first.baseUrl}/health`), { timeout: 5_000, interval: 50 }).toBe('ECONNREFUSED');

      const sseEnd = await sse.next().then(
        (result) => ({ ended: 'without an error', result }),
        (error: unknown) => error,
      );
      expect(sseEnd).toBeInstanceOf(EsBankGraphQLError);
      expect((sseEnd as EsBankGraphQLError).codes).toEqual(['SHUTTING_DOWN']);
      expect((sseEnd as EsBankGraphQLError).message).toMatch(/shutting down.*afterPosition/);

      const wsClosed = await ws.closed;
      expect(wsClosed.code).toBe(1001);
      expect(wsClosed.reason).toMatch(/shutting down/);

      withdrawal.sendBody();
      const answer = await withdrawal.answer;
      expect(answer.status).toBe(200);
      const { data } = JSON.parse(answer.body) as { data: { initiateWithdrawal: { __typename: string; status: string; withdrawalId: string; account: { balance: number } } } };
      expect(data.initiateWithdrawal).toMatchObject({ __typename: 'InitiateWithdrawalSuccess', status: 'COMPLETED', account: { balance: 40_000 } });

      expect(await exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalledAt).toBeLessThan(EXIT_BOUND_MS);
      expect(first.outputLines().some((line) => line.includes('"stopped cleanly"'))).toBe(true);
      expect(first.outputLines().filter((line) => line.includes('"level":"error"'))).toEqual([]);

      const second = await startServer(database, { env });
      server = second;
      await second.waitReady();
      expect((await fetch(`${second.baseUrl}/ready`)).status).toBe(200);
      const again = createEsBankClient({ url: second.url, token: TEST_OPERATOR_TOKEN });
      const { withdrawalId } = data.initiateWithdrawal;
      expect((await again.request(WithdrawalDocument, { id: withdrawalId })).withdrawal).toMatchObject({ id: withdrawalId, status: 'COMPLETED', amount: 10_000 });
      const account = (await again.request(AccountDocument, { id: accountId })).account;
      expect(account?.balance).toBe(40_000);
      expect(account?.transactions.nodes.map((t) => [t.kind, t.amount, t.operationId ?? null])).toEqual([
        ['WITHDRAWAL', 10_000, withdrawalId],
        ['DEPOSIT', 50_000, null],
      ]);
      const log = await again.request(EventLogDocument, { streamId: `account-${accountId}`, types: ['Accounts.MoneyWithdrawn'], first: 10 });
      expect(log.events.nodes).toHaveLength(1);
    });
  });
}

describe('drain(), as main.ts calls it on SIGTERM, on a connection that is already open (in-process)', () => {
  let app: TestApp;
  let handler: RequestHandler;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    app = await openTestApp(testDatabaseKinds().at(-1) ?? 'pglite');
    handler = createRequestHandler(app, createBankYoga(app));
    server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await app?.close();
  });

  it('answers new GraphQL requests 503 SHUTTING_DOWN with Connection: close, reports not ready, and still answers /health', async () => {
    const query = JSON.stringify({ query: '{ atms { nodes { id } } }' });
    const post = () => fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: OPERATOR_AUTHORIZATION }, body: query });
    expect((await post()).status).toBe(200);
    expect(await handler.drain(1_000)).toBe(true);

    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('connection')).toBe('close');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'SHUTTING_DOWN' } }] });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not ready', waitingFor: ['the server is shutting down'] });
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});
