/**
 * Signing in, end to end over real HTTP, SSE and graphql-ws, through the generated typed documents:
 * `login` (and `openAccount`) hand out a session token that reaches its own account over every
 * transport and no other; a login is an authorization attempt (recorded without a purpose, no saga,
 * and the lockout counts its failures); an unknown account and a wrong PIN read the same; and no PIN
 * ends up in the log or the events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EsBankClient, EsBankGraphQLError } from '../../client/esbank-client.ts';
import {
  AccountDocument,
  AccountEventsDocument,
  type AccountEventsSubscription,
  DepositDocument,
  LoginDocument,
  type LoginMutation,
  OpenAccountAndSignInDocument,
  UnlockAccountDocument,
} from '../../client/generated/graphql.ts';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { collectUntil } from '../support/stream-collector.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

/** Distinctive PINs (12 digits), so a match in a log line or an event cannot be a coincidence. */
const PIN = '739184265017';
const WRONG_PIN = '602931857342';
const OTHER_PIN = '481516234299';
const SESSION_TTL_MS = 900_000;

type AccountEvent = AccountEventsSubscription['accountEvents'];
type LoginResult = LoginMutation['login'];

async function openAccount(client: EsBankClient, owner: string, pin: string): Promise<{ accountId: string; token: string; tokenExpiresAt: string }> {
  const { openAccount } = await client.request(OpenAccountAndSignInDocument, { input: { owner, pin } });
  if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(`Opening failed: ${JSON.stringify(openAccount)}`);
  return openAccount;
}

async function login(client: EsBankClient, accountId: string, pin: string): Promise<LoginResult> {
  return (await client.request(LoginDocument, { input: { accountId, pin } })).login;
}

/** The GraphQL error code of a refused request (FORBIDDEN, UNAUTHENTICATED, …). */
async function refusalCode(request: Promise<unknown>): Promise<unknown> {
  const error = await request.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(EsBankGraphQLError);
  return (error as EsBankGraphQLError).codes[0];
}

const isoMillis = (text: string): number => new Date(text).getTime();

for (const kind of testDatabaseKinds()) {
  describe(`login and session tokens (${kind})`, () => {
    let api: GraphQLHttpServer;
    let operator: EsBankClient;
    let anonymous: EsBankClient;

    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind);
      operator = api.client;
      anonymous = api.newClient(null);
    });
    afterAll(async () => {
      await api?.close();
    });

    const eventsAfter = async (position: number): Promise<RecordedEvent[]> => api.app.eventStore.readAll({ fromPosition: position, limit: 1_000 });

    it('signs in with the PIN for a token that reaches its own account over HTTP, SSE and graphql-ws, and no other', async () => {
      const { accountId } = await openAccount(anonymous, 'Peter', PIN);
      const other = await openAccount(anonymous, 'Paula', OTHER_PIN);
      const { deposit } = await operator.request(DepositDocument, { input: { accountId, amount: 12_345 } });
      expect(deposit.__typename).toBe('DepositSuccess');

      const before = Date.now();
      const signedIn = await login(anonymous, accountId, PIN);
      expect(signedIn).toMatchObject({ __typename: 'LoginSuccess', accountId, token: expect.any(String) });
      if (signedIn.__typename !== 'LoginSuccess') return;
      expect(isoMillis(signedIn.expiresAt)).toBeGreaterThan(before + SESSION_TTL_MS - 5_000);
      expect(isoMillis(signedIn.expiresAt)).toBeLessThanOrEqual(Date.now() + SESSION_TTL_MS + 1_000);

      const customer = api.newClient(signedIn.token);
      expect((await customer.request(AccountDocument, { id: accountId })).account).toMatchObject({ id: accountId, owner: 'Peter', balance: 12_345 });
      expect(await refusalCode(customer.request(AccountDocument, { id: other.accountId }))).toBe('FORBIDDEN');
      expect(await refusalCode(anonymous.request(AccountDocument, { id: accountId }))).toBe('UNAUTHENTICATED');

      const untilDeposit = (received: readonly { accountEvents: AccountEvent }[]) => received.some((r) => r.accountEvents.eventType === 'Accounts.MoneyDeposited');
      for (const transport of ['sse', 'ws'] as const) {
        const { received } = await collectUntil(customer.subscribe(AccountEventsDocument, { accountId, afterPosition: '0' }, { transport }), untilDeposit);
        expect(received.map((r) => r.accountEvents.eventType), transport).toEqual(['Accounts.AccountOpened', 'Accounts.MoneyDeposited']);
        expect(received.every((r) => r.accountEvents.streamId === `account-${accountId}`)).toBe(true);
        const refused = collectUntil(customer.subscribe(AccountEventsDocument, { accountId: other.accountId, afterPosition: '0' }, { transport }));
        expect(await refusalCode(refused), transport).toBe('FORBIDDEN');
      }
    });

    it("gives openAccount's token the same powers as login's", async () => {
      const before = Date.now();
      const opened = await openAccount(anonymous, 'Olga', OTHER_PIN);
      expect(isoMillis(opened.tokenExpiresAt)).toBeGreaterThan(before + SESSION_TTL_MS - 5_000);
      expect(isoMillis(opened.tokenExpiresAt)).toBeLessThanOrEqual(Date.now() + SESSION_TTL_MS + 1_000);
      const customer = api.newClient(opened.token);
      expect((await customer.request(AccountDocument, { id: opened.accountId })).account).toMatchObject({ id: opened.accountId, owner: 'Olga', balance: 0 });
      const { deposit } = await customer.request(DepositDocument, { input: { accountId: opened.accountId, amount: 700 } });
      expect(deposit).toMatchObject({ __typename: 'DepositSuccess', account: { balance: 700 } });
      for (const transport of ['sse', 'ws'] as const) {
        const { received } = await collectUntil(
          customer.subscribe(AccountEventsDocument, { accountId: opened.accountId, afterPosition: '0' }, { transport }),
          (r) => r.length === 2,
        );
        expect(received.map((r) => r.accountEvents.eventType), transport).toEqual(['Accounts.AccountOpened', 'Accounts.MoneyDeposited']);
      }
      const stranger = await openAccount(anonymous, 'Stranger', PIN);
      expect(await refusalCode(customer.request(AccountDocument, { id: stranger.accountId }))).toBe('FORBIDDEN');
    });

    it('refuses a token that was altered, with 401 and a reason, instead of treating the caller as anonymous', async () => {
      const { token } = await openAccount(anonymous, 'Tampered', PIN);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const altered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const response = await api.newClient(altered).execute(LoginDocument, { input: { accountId: '00000000-0000-4000-8000-000000000000', pin: PIN } });
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('records a login as an authorization without a purpose, and starts no saga', async () => {
      const { accountId } = await openAccount(anonymous, 'Audited', PIN);
      await api.settle();
      const start = await api.app.eventStore.headPosition();

      expect((await login(anonymous, accountId, PIN)).__typename).toBe('LoginSuccess');
      expect((await login(anonymous, accountId, WRONG_PIN)).__typename).toBe('WrongPinError');
      await api.settle();

      const appended = await eventsAfter(start);
      expect(appended.map((e) => [e.streamId, e.eventType])).toEqual([
        [`account-${accountId}`, 'Accounts.AuthorizationConfirmed'],
        [`account-${accountId}`, 'Accounts.AuthorizationFailed'],
      ]);
      for (const event of appended) expect(event.data.purpose ?? null, event.eventType).toBeNull();
      expect(appended[1]?.data).toMatchObject({ accountId, consecutiveFailures: 1 });
    });

    it('counts failed logins towards the lockout: after three wrong PINs even the right one gets AccountLockedError', async () => {
      const { accountId } = await openAccount(anonymous, 'Lockable', PIN);
      const failures = [];
      for (let attempt = 0; attempt < 3; attempt++) failures.push(await login(anonymous, accountId, WRONG_PIN));
      expect(failures.map((f) => f.__typename)).toEqual(['WrongPinError', 'WrongPinError', 'WrongPinError']);
      expect(await login(anonymous, accountId, PIN)).toMatchObject({ __typename: 'AccountLockedError', code: 'AccountLocked', accountId });
      expect(await login(operator, accountId, PIN)).toMatchObject({ __typename: 'AccountLockedError' });
      await api.settle();
      const stream = await api.app.eventStore.readStream(`account-${accountId}`);
      expect(stream.map((e) => e.eventType)).toEqual([
        'Accounts.AccountOpened',
        'Accounts.AuthorizationFailed',
        'Accounts.AuthorizationFailed',
        'Accounts.AuthorizationFailed',
        'Accounts.AccountLocked',
        'Accounts.AuthorizationFailed',
        'Accounts.AuthorizationFailed',
      ]);
      expect(stream.slice(-2).map((e) => e.data.reason)).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);

      const { unlockAccount } = await operator.request(UnlockAccountDocument, { input: { accountId } });
      expect(unlockAccount.__typename).toBe('UnlockAccountSuccess');
      expect((await login(anonymous, accountId, PIN)).__typename).toBe('LoginSuccess');
    });

    it('answers an unknown account exactly as a wrong PIN, and shows the failure count to operators only', async () => {
      const { accountId, token } = await openAccount(anonymous, 'Probed', PIN);
      const unknownId = '5f1c2b7e-9a4d-4e33-8c21-6b0d4f9e7a15';
      const start = await api.app.eventStore.headPosition();
      const comparable = (result: LoginResult) => {
        if (result.__typename !== 'WrongPinError') throw new Error(`Expected WrongPinError: ${JSON.stringify(result)}`);
        const { accountId: _asked, ...rest } = result;
        return rest;
      };
      for (const caller of [anonymous, api.newClient(token)]) {
        const unknown = await login(caller, unknownId, WRONG_PIN);
        const wrong = await login(caller, accountId, WRONG_PIN);
        expect(unknown).toMatchObject({ accountId: unknownId, consecutiveFailures: null });
        expect(wrong).toMatchObject({ accountId, consecutiveFailures: null });
        expect(comparable(unknown)).toEqual(comparable(wrong));
        expect(comparable(wrong)).toMatchObject({ __typename: 'WrongPinError', code: 'WrongPin' });
      }
      expect(await login(operator, accountId, WRONG_PIN)).toMatchObject({ __typename: 'WrongPinError', consecutiveFailures: 3 });
      expect(await login(operator, unknownId, WRONG_PIN)).toMatchObject({ __typename: 'WrongPinError', consecutiveFailures: null });
      await api.settle();
      const appended = await eventsAfter(start);
      expect(appended.every((e) => e.streamId === `account-${accountId}`), 'an unknown account appends nothing').toBe(true);
      expect(appended.map((e) => e.eventType)).toEqual([
        'Accounts.AuthorizationFailed',
        'Accounts.AuthorizationFailed',
        'Accounts.AuthorizationFailed',
        'Accounts.AccountLocked',
      ]);
    });

    it('refuses a malformed PIN or account id as invalid input, without an attempt', async () => {
      const { accountId } = await openAccount(anonymous, 'Formal', PIN);
      const start = await api.app.eventStore.headPosition();
      expect(await login(anonymous, accountId, '12a4')).toMatchObject({ __typename: 'InvalidInputError', fields: [{ path: 'pin' }] });
      expect(await login(anonymous, 'not-a-uuid', PIN)).toMatchObject({ __typename: 'InvalidInputError', fields: [{ path: 'accountId' }] });
      expect(await api.app.eventStore.headPosition()).toBe(start);
    });

    it('keeps every PIN out of the log and the events', async () => {
      const lines = api.app.logLines();
      expect(lines.length).toBeGreaterThan(5);
      const events = JSON.stringify(await eventsAfter(0));
      expect(events).toContain('Accounts.AuthorizationFailed');
      for (const pin of [PIN, WRONG_PIN, OTHER_PIN]) {
        expect(lines.filter((line) => line.includes(pin)), `${pin} in the log`).toEqual([]);
        expect(events.includes(pin), `${pin} in the events`).toBe(false);
      }
      expect(lines.filter((line) => /"pin"\s*:/.test(line)), 'a "pin" field in the log').toEqual([]);
    });
  });
}
