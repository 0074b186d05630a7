/**
 * Idempotent mutations end to end, for every mutation of the API, over real HTTP through the
 * generated typed documents: the same key and input replay the first answer (same ids, same position)
 * and append nothing; the same key with another input is refused; ten concurrent requests with one
 * key run once and all get that answer; a bad key is invalid input; keys belong to their caller
 * (operator, a customer, anonymous); the stored row holds a digest, never a PIN; and a key survives a
 * restart of the application on the same database (with a configured token secret, and with the
 * development secret the database keeps).
 */
import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EsBankClient } from '../../client/esbank-client.ts';
import {
  AccountDocument,
  CloseAccountDocument,
  DepositDocument,
  InitiateDepositDocument,
  InitiateWithdrawalDocument,
  LoginDocument,
  OpenAccountAndSignInDocument,
  RefillAtmDocument,
  RegisterAtmDocument,
  UnlockAccountDocument,
} from '../../client/generated/graphql.ts';
import { type App, createApp } from '../../src/app.ts';
import { createJsonLinesLogger } from '../../src/application/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_ATM_ID } from '../../src/domain/teller/teller-decider.ts';
import { type BankYoga, createBankYoga } from '../../src/graphql/yoga.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { TEST_OPERATOR_TOKEN } from '../support/test-auth.ts';
import { TEST_ENVIRONMENT } from '../support/test-app.ts';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/test-database.ts';

/** Distinctive PINs (12 digits), so a match in a stored row cannot be a coincidence. */
const PIN = '731906284517';
const WRONG_PIN = '468201937755';
const OTHER_ACCOUNT_ID = '0b3c5d7e-9f11-4a23-8b45-6c7d8e9f0a1b';
/** Not valid PINs (too long, not digits): refused, but the refusal is kept with the key. */
const BAD_PINS = ['90817263544536271', '5x5x5x5x7y7y'];
const CONCURRENT_REQUESTS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A mutation's answer: a member of its result union. */
type Answer = { readonly __typename: string } & Readonly<Record<string, unknown>>;
type Variant = 'first' | 'other';

/**
 * What a replay must repeat: the answer's own values (type, ids, position, status). Left out: a session
 * token and its expiry, issued anew on every replay, and the objects read fresh from the read models
 * (`account`, `withdrawal`, …), which show the present.
 */
function comparable(answer: Answer): Record<string, unknown> {
  const { token: _token, tokenExpiresAt: _tokenExpiresAt, expiresAt: _expiresAt, ...rest } = answer;
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => typeof value !== 'object' || value === null));
}

interface MutationCase<Context = unknown> {
  readonly name: string;
  readonly caller: 'operator' | 'anonymous';
  /** Fresh state for one execution (an empty account to close, a locked one to unlock). */
  prepare(): Promise<Context>;
  /** Sends the mutation: `first` is the input the key is first used with, `other` a different one. */
  send(client: EsBankClient, context: Context, idempotencyKey: string | undefined, variant: Variant): Promise<Answer>;
}

const mutationCase = <Context>(c: MutationCase<Context>): MutationCase => c as MutationCase;

for (const kind of testDatabaseKinds()) {
  describe(`idempotent mutations (${kind})`, () => {
    let api: GraphQLHttpServer;
    let operator: EsBankClient;
    let anonymous: EsBankClient;
    let accountId: string;
    let customerToken: string;

    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind);
      operator = api.client;
      anonymous = api.newClient(null);
      const opened = await openAccount(anonymous, 'Main', PIN);
      accountId = opened.accountId;
      customerToken = opened.token;
      await operator.request(DepositDocument, { input: { accountId, amount: 1_000_000 } });
    });
    afterAll(async () => {
      await api?.close();
    });

    const head = (): Promise<number> => api.app.eventStore.headPosition();
    const settledHead = async (): Promise<number> => {
      await api.settle();
      return head();
    };

    async function openAccount(client: EsBankClient, owner: string, pin: string, idempotencyKey?: string): Promise<{ accountId: string; token: string; position: string }> {
      const { openAccount } = await client.request(OpenAccountAndSignInDocument, { input: { owner, pin, idempotencyKey } });
      if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(`Opening failed: ${JSON.stringify(openAccount)}`);
      return openAccount;
    }

    async function lockedAccount(): Promise<string> {
      const locked = await openAccount(operator, 'Locked', PIN);
      for (let i = 0; i < 3; i++) await operator.request(LoginDocument, { input: { accountId: locked.accountId, pin: WRONG_PIN } });
      return locked.accountId;
    }

    const noContext = async (): Promise<undefined> => undefined;

    const CASES: readonly MutationCase[] = [
      mutationCase({
        name: 'openAccount',
        caller: 'anonymous',
        prepare: noContext,
        send: async (client, _c, idempotencyKey, variant) =>
          (await client.request(OpenAccountAndSignInDocument, { input: { owner: variant === 'first' ? 'Ida' : 'Ivo', pin: PIN, idempotencyKey } })).openAccount,
      }),
      mutationCase({
        name: 'deposit',
        caller: 'operator',
        prepare: noContext,
        send: async (client, _c, idempotencyKey, variant) =>
          (await client.request(DepositDocument, { input: { accountId, amount: variant === 'first' ? 1_000 : 2_000, idempotencyKey } })).deposit,
      }),
      mutationCase({
        name: 'closeAccount',
        caller: 'operator',
        prepare: async () => ({ empty: (await openAccount(operator, 'Closing', PIN)).accountId }),
        send: async (client, c, idempotencyKey, variant) =>
          (await client.request(CloseAccountDocument, { input: { accountId: variant === 'first' ? c.empty : accountId, idempotencyKey } })).closeAccount,
      }),
      mutationCase({
        name: 'unlockAccount',
        caller: 'operator',
        prepare: async () => ({ locked: await lockedAccount() }),
        send: async (client, c, idempotencyKey, variant) =>
          (await client.request(UnlockAccountDocument, { input: { accountId: variant === 'first' ? c.locked : accountId, idempotencyKey } })).unlockAccount,
      }),
      mutationCase({
        name: 'registerAtm',
        caller: 'operator',
        prepare: noContext,
        send: async (client, _c, idempotencyKey, variant) =>
          (await client.request(RegisterAtmDocument, { input: { initialCash: variant === 'first' ? 50_000 : 60_000, idempotencyKey } })).registerAtm,
      }),
      mutationCase({
        name: 'refillAtm',
        caller: 'operator',
        prepare: noContext,
        send: async (client, _c, idempotencyKey, variant) =>
          (await client.request(RefillAtmDocument, { input: { atmId: DEFAULT_ATM_ID, amount: variant === 'first' ? 1_000 : 2_000, idempotencyKey } })).refillAtm,
      }),
      mutationCase({
        name: 'initiateWithdrawal',
        caller: 'anonymous',
        prepare: noContext,
        send: async (client, _c, idempotencyKey, variant) =>
          (await client.request(InitiateWithdrawalDocument, { input: { accountId, pin: PIN, amount: variant === 'first' ? 100 : 200, idempotencyKey } })).initiateWithdrawal,
      }),
      mutationCase({
        name: 'initiateDeposit',
        caller: 'anonymous',
        prepare: noContext,
        send: async (client, _c, idempotencyKey, variant) =>
          (await client.request(InitiateDepositDocument, { input: { accountId, pin: PIN, amount: variant === 'first' ? 100 : 200, idempotencyKey } })).initiateDeposit,
      }),
      mutationCase({
        name: 'login',
        caller: 'anonymous',
        prepare: noContext,
        send: async (client, _c, idempotencyKey, variant) =>
          // The PIN is not part of what must match (a wrong one is checked like any PIN attempt, see
          // idempotency-pin-guessing.e2e.test.ts): another input here is another account.
          (await client.request(LoginDocument, { input: { accountId: variant === 'first' ? accountId : OTHER_ACCOUNT_ID, pin: PIN, idempotencyKey } })).login,
      }),
    ];

    const clientOf = (c: MutationCase): EsBankClient => (c.caller === 'operator' ? operator : anonymous);

    /** A session token in a replayed answer is a new one, and it works: it reaches its account. */
    async function expectFreshWorkingToken(answer: Answer, first: Answer): Promise<void> {
      if (typeof answer.token !== 'string') return;
      expect(answer.token).not.toBe(first.token);
      const { account } = await api.newClient(answer.token).request(AccountDocument, { id: String(answer.accountId) });
      expect(account?.id).toBe(answer.accountId);
    }

    for (const c of CASES) {
      it(`${c.name}: a retry replays the first answer and appends nothing; another input is refused; ${CONCURRENT_REQUESTS} concurrent requests run once`, async () => {
        const client = clientOf(c);
        const context = await c.prepare();
        const before = await settledHead();
        const key = `${c.name}-${randomUUID()}`;
        const first = await c.send(client, context, key, 'first');
        expect(first.__typename).toMatch(/Success$/);
        const after = await settledHead();
        const appendedByOne = after - before;
        expect(appendedByOne).toBeGreaterThan(0);

        const again = await c.send(client, context, key, 'first');
        expect(comparable(again)).toEqual(comparable(first));
        await expectFreshWorkingToken(again, first);
        const other = await c.send(client, context, key, 'other');
        expect(other).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IdempotencyKeyReused' });
        expect(await settledHead(), 'a replay or a refusal appends nothing').toBe(after);

        const concurrentContext = await c.prepare();
        const start = await settledHead();
        const concurrentKey = `${c.name}-${randomUUID()}`;
        const answers = await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, () => c.send(client, concurrentContext, concurrentKey, 'first')));
        expect(answers[0]?.__typename).toMatch(/Success$/);
        for (const answer of answers) expect(comparable(answer)).toEqual(comparable(answers[0] as Answer));
        expect((await settledHead()) - start, 'the events of one execution').toBe(appendedByOne);
      });
    }

    it('keeps keys per caller: the same key from an operator, a customer and anonymous runs once for each', async () => {
      const key = `shared-${randomUUID()}`;
      const customer = api.newClient(customerToken);
      const start = await settledHead();
      const opened = await Promise.all([anonymous, operator, customer].map((client) => openAccount(client, 'Scoped', PIN, key)));
      expect(new Set(opened.map((o) => o.accountId)).size).toBe(3);
      const replayed = await openAccount(anonymous, 'Scoped', PIN, key);
      expect(replayed.accountId, 'each scope replays its own').toBe(opened[0]?.accountId);

      const balance = async () => (await operator.request(AccountDocument, { id: accountId })).account?.balance ?? 0;
      const balanceBefore = await balance();
      const depositKey = `shared-${randomUUID()}`;
      const deposits = await Promise.all(
        [operator, customer].map(async (client) => (await client.request(DepositDocument, { input: { accountId, amount: 10, idempotencyKey: depositKey } })).deposit),
      );
      expect(deposits.map((d) => d.__typename)).toEqual(['DepositSuccess', 'DepositSuccess']);
      expect(await balance()).toBe(balanceBefore + 20);
      expect((await settledHead()) - start).toBe(5);
    });

    it('refuses a key that is empty, longer than 200 characters or not ASCII as invalid input, on every mutation, appending nothing', async () => {
      for (const c of CASES) {
        const context = await c.prepare();
        const prepared = await settledHead();
        for (const badKey of ['', 'k'.repeat(201), 'clé-1']) {
          const answer = await c.send(clientOf(c), context, badKey, 'first');
          expect(answer, `${c.name} with ${JSON.stringify(badKey.slice(0, 10))}`).toMatchObject({ __typename: 'InvalidInputError', code: 'InvalidInput' });
          if ('fields' in answer) expect(answer.fields).toEqual([{ path: 'idempotencyKey', message: expect.any(String) }]);
          expect(answer.message).toContain('idempotencyKey');
        }
        expect(await settledHead(), `${c.name}: nothing appended`).toBe(prepared);
      }
      const longest = (await operator.request(DepositDocument, { input: { accountId, amount: 1, idempotencyKey: '~'.repeat(200) } })).deposit;
      expect(longest.__typename, 'a key of 200 printable characters').toBe('DepositSuccess');
    });

    it('stores a digest of the input for at least 24 hours, never a PIN, not even a refused one', async () => {
      for (const [i, pin] of BAD_PINS.entries()) {
        const opened = (await anonymous.request(OpenAccountAndSignInDocument, { input: { owner: 'Bad PIN', pin, idempotencyKey: `bad-pin-open-${i}` } })).openAccount;
        expect(opened.__typename).toBe('InvalidInputError');
        const withdrawal = (await anonymous.request(InitiateWithdrawalDocument, { input: { accountId, pin, amount: 1, idempotencyKey: `bad-pin-withdraw-${i}` } })).initiateWithdrawal;
        expect(withdrawal.__typename).toBe('InvalidInputError');
        const login = (await anonymous.request(LoginDocument, { input: { accountId, pin, idempotencyKey: `bad-pin-login-${i}` } })).login;
        expect(login.__typename).toBe('InvalidInputError');
      }
      const rows = await sql<{ operation: string; row: string; lifetime_ms: number }>`
        select operation, row_to_json(k)::text as row,
               (extract(epoch from (expires_at - created_at)) * 1000)::float8 as lifetime_ms
        from idempotency_keys k`.execute(api.app.database.db);
      expect(new Set(rows.rows.map((r) => r.operation))).toEqual(new Set(CASES.map((c) => c.name)));
      for (const { row, lifetime_ms } of rows.rows) {
        for (const pin of [PIN, WRONG_PIN, ...BAD_PINS]) expect(row.includes(pin), `${pin} in ${row}`).toBe(false);
        expect(row).not.toMatch(/"pin"\s*:/);
        expect(lifetime_ms).toBeGreaterThanOrEqual(DAY_MS);
      }
      for (const pin of [PIN, WRONG_PIN, ...BAD_PINS]) expect(api.app.logLines().filter((line) => line.includes(pin)), `${pin} in the log`).toEqual([]);
    });
  });

  describe(`idempotency keys across a restart (${kind})`, () => {
    let database: TestDatabase;
    const apps: App[] = [];

    beforeAll(async () => {
      database = await openTestDatabase(kind, { migrate: false });
    });
    afterAll(async () => {
      for (const app of apps.splice(0)) await app.stop();
      await database?.close();
    });

    /** The application on the test database, as a fresh process would start it, with GraphQL over `yoga.fetch`. */
    async function start(environment: Readonly<Record<string, string>>): Promise<RunningApp> {
      const sink = { write: () => true };
      const config = loadConfig({ ...environment, ...(database.url ? { DATABASE_URL: database.url } : {}) });
      const app = await createApp(config, { logger: createJsonLinesLogger({ stdout: sink, stderr: sink }), database });
      apps.push(app);
      await app.waitUntilProcessed(await app.eventStore.headPosition());
      return runningApp(app, createBankYoga(app));
    }

    const ENVIRONMENTS = {
      'a configured token secret': TEST_ENVIRONMENT,
      'the development secret kept in the database': { ...TEST_ENVIRONMENT, ESBANK_TOKEN_SECRET: '' },
    };

    for (const [secret, environment] of Object.entries(ENVIRONMENTS)) {
      it(`replays every kept answer after a restart, appending nothing, with ${secret}; tokens from before still work`, async () => {
        const keys = { open: randomUUID(), deposit: randomUUID(), withdrawal: randomUUID(), login: randomUUID() };
        const send = async (bank: RunningApp) => {
          const open = (await bank.request(OpenAccountAndSignInDocument, { input: { owner: 'Restarted', pin: PIN, idempotencyKey: keys.open } }, null)).openAccount;
          if (open.__typename !== 'OpenAccountSuccess') throw new Error(`Opening failed: ${JSON.stringify(open)}`);
          const { accountId } = open;
          const deposit = (await bank.request(DepositDocument, { input: { accountId, amount: 5_000, idempotencyKey: keys.deposit } })).deposit;
          const withdrawal = (await bank.request(InitiateWithdrawalDocument, { input: { accountId, pin: PIN, amount: 1_000, idempotencyKey: keys.withdrawal } }, null))
            .initiateWithdrawal;
          const login = (await bank.request(LoginDocument, { input: { accountId, pin: PIN, idempotencyKey: keys.login } }, null)).login;
          return { open, deposit, withdrawal, login };
        };

        const before = await start(environment);
        const first = await send(before);
        expect([first.deposit, first.withdrawal, first.login].map((a) => a.__typename)).toEqual(['DepositSuccess', 'InitiateWithdrawalSuccess', 'LoginSuccess']);
        const stored = await before.settledHead();
        await before.app.stop();

        const after = await start(environment);
        const replayed = await send(after);
        for (const name of ['open', 'deposit', 'withdrawal', 'login'] as const) expect(comparable(replayed[name]), name).toEqual(comparable(first[name]));
        expect(await after.settledHead(), 'a replay after the restart appends nothing').toBe(stored);
        expect((await after.request(DepositDocument, { input: { accountId: first.open.accountId, amount: 1, idempotencyKey: keys.deposit } })).deposit).toMatchObject({
          __typename: 'IdempotencyKeyReusedError',
          code: 'IdempotencyKeyReused',
        });

        const tokens = [first.open.token, replayed.open.token, ...[first.login, replayed.login].map((l) => (l.__typename === 'LoginSuccess' ? l.token : 'no token'))];
        for (const token of tokens) {
          const { account } = await after.request(AccountDocument, { id: first.open.accountId }, token);
          expect(account?.balance).toBe(4_000);
        }
        await after.app.stop();
      });
    }
  });
}

interface RunningApp {
  readonly app: App;
  /** POSTs one operation (as the operator by default; `null` for no token) and returns its data. */
  request<Result, Variables>(document: TypedDocumentNode<Result, Variables>, variables: Variables, token?: string | null): Promise<Result>;
  /** Waits until the read models and sagas processed everything, and returns the head position. */
  settledHead(): Promise<number>;
}

function runningApp(app: App, yoga: BankYoga): RunningApp {
  return {
    app,
    async request(document, variables, token = TEST_OPERATOR_TOKEN) {
      const response = await yoga.fetch('http://bank.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query: print(document), variables }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      if (body.errors !== undefined || body.data === undefined) throw new Error(`The request failed: ${JSON.stringify(body)}`);
      return body.data as never;
    },
    async settledHead() {
      for (;;) {
        const head = await app.eventStore.headPosition();
        await app.waitUntilProcessed(head);
        if ((await app.eventStore.headPosition()) === head) return head;
      }
    },
  };
}
