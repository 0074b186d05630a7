/**
 * The access suite: every query, mutation and subscription of the schema, over real HTTP, SSE and
 * graphql-ws, tried anonymously, with another customer's session token, with an expired token and with
 * a forged one. Each is refused, appends nothing, and leaks nothing (an unknown account and another
 * customer's account get the same refusal). The owner and the operator are let through, so the
 * refusals are about who asks, not about the request.
 *
 * `openAccount`, `login` and the ATM operations are open to everyone by design: the PIN authorizes them
 * (a wrong PIN is refused like an unknown account). A token that is expired or forged is refused even
 * there: a bad credential fails the whole request with 401.
 *
 * A test compares the operations listed here with the schema's root fields, so a new field cannot be
 * added without being placed in this matrix.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { OpenAccountDocument } from '../../client/generated/graphql.ts';
import { createSessionTokens } from '../../src/application/session-tokens.ts';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import { schema } from '../../src/graphql/schema.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { OPERATOR_AUTHORIZATION, TEST_TOKEN_SECRET } from '../support/test-auth.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const PIN = '4821';
const OTHER_PIN = '7305';

interface Fixture {
  readonly owner: { readonly accountId: string; readonly token: string };
  readonly other: { readonly accountId: string; readonly token: string };
  readonly withdrawalId: string;
  readonly depositId: string;
}

type Kind = 'query' | 'mutation' | 'subscription';

/** Who may call an operation: the operator only, the account's customer (or the operator), or anyone with the PIN. */
type Access = 'operator' | 'owner' | 'pin';

interface Operation {
  readonly kind: Kind;
  readonly field: string;
  readonly access: Access;
  readonly document: string;
  readonly variables: (fixture: Fixture) => Record<string, unknown>;
}

const operations: readonly Operation[] = [
  { kind: 'query', field: 'account', access: 'owner', document: 'query ($id: ID!) { account(id: $id) { id balance } }', variables: (f) => ({ id: f.owner.accountId }) },
  { kind: 'query', field: 'accounts', access: 'operator', document: '{ accounts(first: 5) { nodes { id } } }', variables: () => ({}) },
  { kind: 'query', field: 'atm', access: 'operator', document: 'query ($id: ID!) { atm(id: $id) { id cash } }', variables: () => ({ id: DEFAULT_ATM_ID }) },
  { kind: 'query', field: 'atms', access: 'operator', document: '{ atms(first: 5) { nodes { id cash } } }', variables: () => ({}) },
  { kind: 'query', field: 'withdrawal', access: 'owner', document: 'query ($id: ID!) { withdrawal(id: $id) { id status amount } }', variables: (f) => ({ id: f.withdrawalId }) },
  { kind: 'query', field: 'deposit', access: 'owner', document: 'query ($id: ID!) { deposit(id: $id) { id status amount } }', variables: (f) => ({ id: f.depositId }) },
  { kind: 'query', field: 'events', access: 'operator', document: '{ events(first: 5) { nodes { eventId } } }', variables: () => ({}) },
  { kind: 'query', field: 'flow', access: 'operator', document: 'query ($id: ID!) { flow(correlationId: $id) { correlationId } }', variables: (f) => ({ id: f.withdrawalId }) },
  {
    kind: 'mutation',
    field: 'deposit',
    access: 'owner',
    document: 'mutation ($id: ID!) { deposit(input: { accountId: $id, amount: 100 }) { __typename } }',
    variables: (f) => ({ id: f.owner.accountId }),
  },
  {
    kind: 'mutation',
    field: 'closeAccount',
    access: 'owner',
    document: 'mutation ($id: ID!) { closeAccount(input: { accountId: $id }) { __typename } }',
    variables: (f) => ({ id: f.owner.accountId }),
  },
  {
    kind: 'mutation',
    field: 'unlockAccount',
    access: 'operator',
    document: 'mutation ($id: ID!) { unlockAccount(input: { accountId: $id }) { __typename } }',
    variables: (f) => ({ id: f.owner.accountId }),
  },
  {
    kind: 'mutation',
    field: 'registerAtm',
    access: 'operator',
    document: 'mutation { registerAtm(input: { initialCash: 100 }) { __typename } }',
    variables: () => ({}),
  },
  {
    kind: 'mutation',
    field: 'refillAtm',
    access: 'operator',
    document: 'mutation ($id: ID!) { refillAtm(input: { atmId: $id, amount: 100 }) { __typename } }',
    variables: () => ({ id: DEFAULT_ATM_ID }),
  },
  {
    kind: 'mutation',
    field: 'openAccount',
    access: 'pin',
    document: 'mutation { openAccount(input: { owner: "Access Test", pin: "9999" }) { __typename } }',
    variables: () => ({}),
  },
  {
    kind: 'mutation',
    field: 'login',
    access: 'pin',
    document: 'mutation ($id: ID!, $pin: String!) { login(input: { accountId: $id, pin: $pin }) { __typename } }',
    variables: (f) => ({ id: f.owner.accountId, pin: PIN }),
  },
  {
    kind: 'mutation',
    field: 'initiateWithdrawal',
    access: 'pin',
    document: 'mutation ($id: ID!, $pin: String!) { initiateWithdrawal(input: { accountId: $id, pin: $pin, amount: 100 }) { __typename } }',
    variables: (f) => ({ id: f.owner.accountId, pin: PIN }),
  },
  {
    kind: 'mutation',
    field: 'initiateDeposit',
    access: 'pin',
    document: 'mutation ($id: ID!, $pin: String!) { initiateDeposit(input: { accountId: $id, pin: $pin, amount: 100 }) { __typename } }',
    variables: (f) => ({ id: f.owner.accountId, pin: PIN }),
  },
  { kind: 'subscription', field: 'events', access: 'operator', document: 'subscription { events(afterPosition: "0") { position } }', variables: () => ({}) },
  {
    kind: 'subscription',
    field: 'accountEvents',
    access: 'owner',
    document: 'subscription ($id: ID!) { accountEvents(accountId: $id, afterPosition: "0") { position } }',
    variables: (f) => ({ id: f.owner.accountId }),
  },
  {
    kind: 'subscription',
    field: 'withdrawal',
    access: 'owner',
    document: 'subscription ($id: ID!) { withdrawal(id: $id) { id status } }',
    variables: (f) => ({ id: f.withdrawalId }),
  },
];

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly codes: readonly string[];
  readonly headers: Headers;
}

/** POSTs the operation (as SSE for a subscription) and reads the whole answer; a stream is read until its first event. */
async function send(url: string, operation: Operation, fixture: Fixture, authorization: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: operation.kind === 'subscription' ? 'text/event-stream' : 'application/json',
  };
  if (authorization !== undefined) headers.authorization = authorization;
  const abort = new AbortController();
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: operation.document, variables: operation.variables(fixture) }), signal: abort.signal });
  let text = '';
  if (operation.kind === 'subscription' && response.body && (response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const deadline = Date.now() + 5_000;
    while (!/event: (next|complete)/.test(text) && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    abort.abort();
  } else {
    text = await response.text();
  }
  return { status: response.status, text, codes: [...text.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1] ?? ''), headers: response.headers };
}

const bearer = (token: string): string => `Bearer ${token}`;

describe.each(testDatabaseKinds())('access to every operation (%s)', (kind) => {
  let api: GraphQLHttpServer;
  let fixture: Fixture;
  let expiredToken: string;
  let forgedToken: string;

  beforeAll(async () => {
    api = await startGraphQLHttpServer(kind);
    const anonymous = api.newClient(null);
    const open = async (owner: string, pin: string) => {
      const { data } = await anonymous.execute(OpenAccountDocument, { input: { owner, pin } });
      const result = data?.openAccount;
      if (result?.__typename !== 'OpenAccountSuccess') throw new Error(`openAccount failed: ${JSON.stringify(result)}`);
      return { accountId: result.accountId, token: result.token };
    };
    const owner = await open('Owner', PIN);
    const other = await open('Other Customer', OTHER_PIN);
    await api.app.bankService.deposit({ accountId: owner.accountId, amount: 50_000 });
    const withdrawal = await api.app.bankService.initiateWithdrawal({ accountId: owner.accountId, pin: PIN, amount: 1_000 });
    const deposit = await api.app.bankService.initiateDeposit({ accountId: owner.accountId, pin: PIN, amount: 1_000 });
    if (withdrawal.kind !== 'accepted' || deposit.kind !== 'accepted') throw new Error('the fixture ATM operations failed');
    fixture = { owner, other, withdrawalId: withdrawal.operationId, depositId: deposit.operationId };
    const past = new Date(Date.now() - 2 * 3_600_000);
    expiredToken = (await createSessionTokens({ secret: TEST_TOKEN_SECRET, ttlSeconds: 60, now: () => past }).issue(owner.accountId)).token;
    forgedToken = (await createSessionTokens({ secret: 'a-secret-that-is-not-the-servers-0123456789abcdef', ttlSeconds: 900 }).issue(owner.accountId)).token;
    await api.settle();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('places every root field of the schema in the access matrix', () => {
    const listed = (type: Kind) => operations.filter((o) => o.kind === type).map((o) => o.field).sort();
    expect(listed('query')).toEqual(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort());
    expect(listed('mutation')).toEqual(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort());
    expect(listed('subscription')).toEqual(Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).sort());
  });

  /** Sends the operation and checks that nothing was appended. */
  async function refusedWithoutChange(operation: Operation, authorization: string | undefined): Promise<Answer> {
    await api.settle();
    const before = await api.app.eventStore.headPosition();
    const answer = await send(api.url, operation, fixture, authorization);
    await api.settle();
    expect(await api.app.eventStore.headPosition(), `${operation.kind} ${operation.field} appended events`).toBe(before);
    expect(answer.status, answer.text).toBeLessThan(500);
    expect(answer.text).not.toMatch(/"balance":\d|"cash":\d|"status":"(COMPLETED|OPEN)"|"eventId"|"nodes":\[\{/);
    return answer;
  }

  describe.each(operations.filter((o) => o.access !== 'pin'))('$kind $field ($access)', (operation) => {
    it('is refused anonymously (UNAUTHENTICATED), appending nothing', async () => {
      const answer = await refusedWithoutChange(operation, undefined);
      expect(answer.codes, answer.text).toContain('UNAUTHENTICATED');
    });

    it('is refused with another customer\'s token (FORBIDDEN), and an unknown id is refused alike', async () => {
      const answer = await refusedWithoutChange(operation, bearer(fixture.other.token));
      expect(answer.codes, answer.text).toContain('FORBIDDEN');
      if (operation.access === 'owner') {
        const unknown = { ...fixture, owner: { ...fixture.owner, accountId: randomUUID() }, withdrawalId: randomUUID(), depositId: randomUUID() };
        const forUnknown = await send(api.url, operation, unknown, bearer(fixture.other.token));
        expect(forUnknown.codes).toEqual(answer.codes);
        expect(forUnknown.text.replace(/"locations":\[[^\]]*\],?/g, '')).toEqual(answer.text.replace(/"locations":\[[^\]]*\],?/g, ''));
      }
    });

    it('is refused with an expired token (401, says it expired)', async () => {
      const answer = await refusedWithoutChange(operation, bearer(expiredToken));
      expect(answer.status).toBe(401);
      expect(answer.codes).toContain('UNAUTHENTICATED');
      expect(answer.text).toMatch(/expired/);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('is refused with a forged token (401)', async () => {
      const answer = await refusedWithoutChange(operation, bearer(forgedToken));
      expect(answer.status).toBe(401);
      expect(answer.codes).toContain('UNAUTHENTICATED');
    });

    it(operation.access === 'owner' ? 'is allowed to the owner and the operator' : 'is allowed to the operator', async () => {
      const callers = operation.access === 'owner' ? [bearer(fixture.owner.token), OPERATOR_AUTHORIZATION] : [OPERATOR_AUTHORIZATION];
      for (const authorization of callers) {
        const answer = await send(api.url, operation, fixture, authorization);
        expect(answer.status, answer.text).toBe(200);
        expect(answer.codes.filter((code) => code === 'FORBIDDEN' || code === 'UNAUTHENTICATED'), answer.text).toEqual([]);
        expect(answer.text).toMatch(/"data":\{"/);
      }
    });
  });

  describe.each(operations.filter((o) => o.access === 'pin'))('$kind $field (authorized by the PIN)', (operation) => {
    it('is refused with an expired or a forged token (401), appending nothing', async () => {
      for (const token of [expiredToken, forgedToken]) {
        const answer = await refusedWithoutChange(operation, bearer(token));
        expect(answer.status).toBe(401);
        expect(answer.codes).toContain('UNAUTHENTICATED');
      }
    });

    if (operation.field !== 'openAccount') {
      it('is refused without the right PIN, anonymously or with another customer\'s token', async () => {
        const wrongPin = { ...operation, variables: (f: Fixture) => ({ ...operation.variables(f), pin: '0000' }) };
        for (const authorization of [undefined, bearer(fixture.other.token)]) {
          const answer = await send(api.url, wrongPin, fixture, authorization);
          expect(answer.text).toContain('"__typename":"WrongPinError"');
        }
        // Two wrong PINs in a row so far: a right one resets the count before the account locks.
        expect((await api.app.customerSignIn.signIn({ accountId: fixture.owner.accountId, pin: PIN })).kind).toBe('signedIn');
        const unknown = { ...wrongPin, variables: (f: Fixture) => ({ ...wrongPin.variables(f), id: randomUUID() }) };
        const forUnknown = await send(api.url, unknown, fixture, undefined);
        expect(forUnknown.text).toContain('"__typename":"WrongPinError"');
      });
    }
  });

  describe('over graphql-ws', () => {
    const wsUrl = (): string => api.url.replace(/^http/, 'ws');

    /** Connects with `authorization` in connection_init and runs one subscription; returns its first message or the close. */
    async function subscribeOverWebSocket(operation: Operation, authorization: string | undefined): Promise<{ readonly close?: { code: number; reason: string }; readonly message?: { type: string; payload: unknown } }> {
      const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
      try {
        return await new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no answer over graphql-ws within 5 s')), 5_000);
          socket.once('error', reject);
          socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: authorization === undefined ? {} : { authorization } })));
          socket.once('close', (code, reason) => {
            clearTimeout(timer);
            resolve({ close: { code, reason: reason.toString() } });
          });
          socket.on('message', (data: WebSocket.RawData) => {
            const message = JSON.parse(data.toString()) as { type: string; payload: unknown };
            if (message.type === 'connection_ack') {
              socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: operation.document, variables: operation.variables(fixture) } }));
            } else if (message.type === 'next' || message.type === 'error') {
              clearTimeout(timer);
              resolve({ message });
            }
          });
        });
      } finally {
        socket.terminate();
      }
    }

    it.each(operations.filter((o) => o.kind === 'subscription'))('refuses subscription $field to the wrong callers', async (operation) => {
      const anonymous = await subscribeOverWebSocket(operation, undefined);
      expect(JSON.stringify(anonymous.message)).toContain('UNAUTHENTICATED');
      const other = await subscribeOverWebSocket(operation, bearer(fixture.other.token));
      expect(JSON.stringify(other.message)).toContain('FORBIDDEN');
      for (const token of [expiredToken, forgedToken]) {
        const refused = await subscribeOverWebSocket(operation, bearer(token));
        expect(refused.close?.code).toBe(4403);
      }
      const allowed = await subscribeOverWebSocket(operation, operation.access === 'owner' ? bearer(fixture.owner.token) : OPERATOR_AUTHORIZATION);
      expect(allowed.message?.type).toBe('next');
      expect(JSON.stringify(allowed.message)).not.toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    });
  });

  it('shows a customer the ATM of their own withdrawal, but not its cash', async () => {
    const answer = await send(
      api.url,
      { kind: 'query', field: 'withdrawal', access: 'owner', document: 'query ($id: ID!) { withdrawal(id: $id) { id atm { id cash } } }', variables: (f) => ({ id: f.withdrawalId }) },
      fixture,
      bearer(fixture.owner.token),
    );
    expect(answer.codes).toEqual(['FORBIDDEN']);
    expect(answer.text).toContain(fixture.withdrawalId);
  });
});
