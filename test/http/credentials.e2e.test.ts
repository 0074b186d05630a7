/**
 * Bad credentials over real HTTP and WebSocket: a malformed `Authorization` header, a forged session
 * token (a well-formed JWT signed with another secret, or ours with its payload altered) and an expired
 * one are refused as a whole (HTTP 401 with `WWW-Authenticate`, and an UNAUTHENTICATED error saying
 * which of these it is) rather than treated as no token; over graphql-ws the connection closes at init
 * with 4403 and the reason. A customer's live subscriptions (SSE and graphql-ws) end with UNAUTHENTICATED
 * when the session token they were opened with expires.
 *
 * Short-lived and expired tokens are signed with the test secret and a clock in the past
 * (createSessionTokens' `now`), with the shortest TTL the config allows (60 s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EsBankGraphQLError } from '../../client/esbank-client.ts';
import { AccountDocument, AccountEventsDocument, OpenAccountAndSignInDocument } from '../../client/generated/graphql.ts';
import { createSessionTokens } from '../../src/application/session-tokens.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { TEST_TOKEN_SECRET } from '../support/test-auth.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const OTHER_SECRET = 'not-the-bank-secret-0123456789abcdef0123456789abcdef';
const MINIMUM_TTL_SECONDS = 60;

/** A token of ours for `accountId` that expires `inMs` from now (negative: already expired). */
async function tokenExpiringIn(accountId: string, inMs: number, secret = TEST_TOKEN_SECRET): Promise<string> {
  const issuedAt = new Date(Date.now() + inMs - MINIMUM_TTL_SECONDS * 1000);
  return (await createSessionTokens({ secret, ttlSeconds: MINIMUM_TTL_SECONDS, now: () => issuedAt }).issue(accountId)).token;
}

/** The same token with its payload's subject replaced: the signature no longer matches. */
function withSubject(token: string, subject: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify({ ...claims, sub: subject })).toString('base64url'), signature].join('.');
}

interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** Opens a graphql-ws socket, sends connection_init with `payload`, and reports how the socket closed (or 'acknowledged'). */
async function initOutcome(url: string, payload: Record<string, unknown> | undefined, headers: Record<string, string> = {}): Promise<Closed | 'acknowledged'> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })));
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('message', (data: WebSocket.RawData) => {
      if ((JSON.parse(data.toString()) as { type: string }).type !== 'connection_ack') return;
      socket.close(1000);
      resolve('acknowledged');
    });
  });
}

for (const kind of testDatabaseKinds()) {
  describe(`credentials over HTTP and WebSocket (${kind})`, () => {
    let api: GraphQLHttpServer;
    let accountId: string;
    let goodToken: string;
    let badCredentials: { readonly name: string; readonly header: string; readonly reason: RegExp }[];

    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind);
      const { openAccount } = await api.newClient(null).request(OpenAccountAndSignInDocument, { input: { owner: 'Token Tess', pin: '2580' } });
      if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(`Opening failed: ${JSON.stringify(openAccount)}`);
      accountId = openAccount.accountId;
      goodToken = openAccount.token;
      const invalid = /not valid: it was not issued by this bank, or it was altered/;
      badCredentials = [
        { name: 'another scheme', header: 'Basic dXNlcjpwYXNz', reason: /must be "Bearer <token>"/ },
        { name: 'Bearer without a token', header: 'Bearer', reason: /must be "Bearer <token>"/ },
        { name: 'a token with a space in it', header: 'Bearer abc def', reason: /must be "Bearer <token>"/ },
        { name: 'a token that is not a JWT', header: 'Bearer not-a-token', reason: invalid },
        { name: 'a JWT signed with another secret', header: `Bearer ${await tokenExpiringIn(accountId, 600_000, OTHER_SECRET)}`, reason: invalid },
        { name: 'our JWT with another account put in it', header: `Bearer ${withSubject(goodToken, '00000000-0000-4000-8000-000000000000')}`, reason: invalid },
        { name: 'an expired JWT', header: `Bearer ${await tokenExpiringIn(accountId, -5_000)}`, reason: /has expired/ },
      ];
    });
    afterAll(async () => {
      await api?.close();
    });

    const post = (authorization: string, accept = 'application/json') =>
      fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization },
        body: JSON.stringify({ query: 'query ($id: ID!) { account(id: $id) { id balance } }', variables: { id: accountId } }),
      });

    it('serves the account to its own session token', async () => {
      const response = await post(`Bearer ${goodToken}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { account: { id: accountId, balance: 0 } } });
    });

    it('refuses each bad credential with 401, WWW-Authenticate and an UNAUTHENTICATED error saying why', async () => {
      for (const { name, header, reason } of badCredentials) {
        const response = await post(header);
        expect(response.status, name).toBe(401);
        expect(response.headers.get('www-authenticate'), name).toBe('Bearer error="invalid_token"');
        const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
        expect(body.data, name).toBeUndefined();
        expect(body.errors.map((e) => e.extensions.code), name).toEqual(['UNAUTHENTICATED']);
        expect(body.errors[0]?.message, name).toMatch(reason);
      }
    });

    it('refuses a subscription over SSE with a bad credential the same way', async () => {
      for (const { name, header } of badCredentials) {
        const response = await post(header, 'text/event-stream');
        expect(response.status, name).toBe(401);
        expect(response.headers.get('www-authenticate'), name).toBe('Bearer error="invalid_token"');
        await response.body?.cancel();
      }
    });

    it('closes a graphql-ws connection with 4403 and the reason, whether the credential comes in connection_init or the upgrade header', async () => {
      expect(await initOutcome(api.url, { authorization: `Bearer ${goodToken}` })).toBe('acknowledged');
      expect(await initOutcome(api.url, undefined, { authorization: `Bearer ${goodToken}` })).toBe('acknowledged');
      for (const { name, header, reason } of badCredentials) {
        const inPayload = await initOutcome(api.url, { authorization: header });
        expect(inPayload, name).toEqual({ code: 4403, reason: expect.stringMatching(reason) });
        const inUpgrade = await initOutcome(api.url, undefined, { authorization: header });
        expect(inUpgrade, name).toEqual({ code: 4403, reason: expect.stringMatching(reason) });
      }
    });

    it("ends a customer's SSE and graphql-ws subscriptions with UNAUTHENTICATED when the session token expires", async () => {
      const shortToken = await tokenExpiringIn(accountId, 2_000);
      const customer = api.newClient(shortToken);
      expect((await customer.request(AccountDocument, { id: accountId })).account?.id).toBe(accountId);
      const ending = (['sse', 'ws'] as const).map(async (transport) => {
        const stream = customer.subscribe(AccountEventsDocument, { accountId, afterPosition: '0' }, { transport });
        const first = await stream.next();
        expect(first.value?.accountEvents.eventType, transport).toBe('Accounts.AccountOpened');
        const end = await stream.next().then(
          (result) => new Error(`the ${transport} subscription went on without an error: ${JSON.stringify(result)}`),
          (error: unknown) => error,
        );
        return { transport, end };
      });
      const startedAt = Date.now();
      for (const { transport, end } of await Promise.all(ending)) {
        expect(end, transport).toBeInstanceOf(EsBankGraphQLError);
        expect((end as EsBankGraphQLError).codes, transport).toEqual(['UNAUTHENTICATED']);
        expect((end as EsBankGraphQLError).message, transport).toMatch(/session token has expired.*login.*afterPosition/);
      }
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      expect(api.storeSubscriptions.active()).toBe(0);

      const afterwards = await post(`Bearer ${shortToken}`);
      expect(afterwards.status).toBe(401);
      expect(((await afterwards.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/has expired/);
    });
  });
}
