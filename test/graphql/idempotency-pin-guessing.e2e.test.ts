/**
 * An idempotency key must not become a way around the PIN checks. The key of a PIN-authorized
 * mutation is matched without the PIN, and the PIN given with a retry is checked again before the
 * stored answer is replayed, like any PIN attempt:
 *
 * - someone who learned a victim's key and guesses PINs with it gets WrongPinError for each wrong one,
 *   the lockout counts them, and no replay (and no session token) ever comes out of it;
 * - a replayed sign-in after the account was locked or closed is refused, not given a new token.
 */
import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument, OpenAccountDocument } from '../../client/generated/graphql.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const PIN = '6150';

describe.each(testDatabaseKinds())('idempotency keys and PIN guessing (%s)', (kind) => {
  let api: GraphQLHttpServer;

  beforeAll(async () => {
    api = await startGraphQLHttpServer(kind);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** An anonymous request, as an attacker without any token would send it. */
  async function anonymously<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data: T };
    return body.data;
  }

  type LoginAnswer = { login: { __typename: string; token?: string } };
  const login = (accountId: string, pin: string, idempotencyKey: string) =>
    anonymously<LoginAnswer>(print(LoginDocument), { input: { accountId, pin, idempotencyKey } });

  async function openAccount(idempotencyKey?: string, pin = PIN): Promise<{ __typename: string; accountId?: string; token?: string }> {
    const data = await anonymously<{ openAccount: { __typename: string; accountId?: string; token?: string } }>(print(OpenAccountDocument), {
      input: { owner: 'Victim', pin, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) },
    });
    return data.openAccount;
  }

  it('answers a guess with a known login key like any wrong PIN, counts it, and never replays the sign-in', async () => {
    const opened = await openAccount();
    const accountId = opened.accountId ?? '';
    const key = randomUUID();
    expect((await login(accountId, PIN, key)).login.__typename).toBe('LoginSuccess');

    const head = await api.app.eventStore.headPosition();
    const guesses = [];
    for (const guess of ['0000', '1111', '2222', '3333']) guesses.push((await login(accountId, guess, key)).login.__typename);
    expect(guesses).toEqual(['WrongPinError', 'WrongPinError', 'WrongPinError', 'AccountLockedError']);
    // Each wrong guess was recorded, so the lockout counted it.
    const recorded = await api.app.eventStore.readStream(`account-${accountId}`, { from: 1 });
    expect(recorded.filter((event) => event.position > head).map((event) => event.eventType)).toEqual([
      'Accounts.AuthorizationFailed',
      'Accounts.AuthorizationFailed',
      'Accounts.AuthorizationFailed',
      'Accounts.AccountLocked',
      'Accounts.AuthorizationFailed',
    ]);
    // The account is locked now: even the right PIN with the key gets no new token.
    expect((await login(accountId, PIN, key)).login.__typename).toBe('AccountLockedError');
  });

  it('replays a sign-in with the right PIN and appends nothing', async () => {
    const opened = await openAccount();
    const accountId = opened.accountId ?? '';
    const key = randomUUID();
    const first = await login(accountId, PIN, key);
    const head = await api.app.eventStore.headPosition();
    const again = await login(accountId, PIN, key);
    expect(again.login.__typename).toBe('LoginSuccess');
    expect(again.login.token).toEqual(expect.any(String));
    expect(first.login.__typename).toBe('LoginSuccess');
    expect(await api.app.eventStore.headPosition()).toBe(head);
  });

  it('refuses to replay openAccount (and its token) to someone with the key and the name but another PIN', async () => {
    const key = randomUUID();
    const opened = await openAccount(key);
    expect(opened.__typename).toBe('OpenAccountSuccess');
    const guess = await openAccount(key, '9090');
    expect(guess).toMatchObject({ __typename: 'WrongPinError' });
    expect(guess.token).toBeUndefined();
    const replay = await openAccount(key);
    expect(replay).toMatchObject({ __typename: 'OpenAccountSuccess', accountId: opened.accountId });
  });

  it('refuses a replayed sign-in once the account is closed', async () => {
    const opened = await openAccount();
    const accountId = opened.accountId ?? '';
    const key = randomUUID();
    expect((await login(accountId, PIN, key)).login.__typename).toBe('LoginSuccess');
    const closed = await api.app.bankService.closeAccount({ accountId });
    expect(closed.kind).toBe('accepted');
    expect((await login(accountId, PIN, key)).login.__typename).toBe('AccountClosedError');
  });
});
