/**
 * The per-address limit on failed PIN attempts, end to end over real HTTP: a client that tries one
 * wrong PIN on each of many accounts (so no account locks) is refused after
 * ESBANK_PIN_FAILURES_PER_ADDRESS failures, on login and on both ATM operations alike, with a
 * retry-after and without anything being tried or stored; successful attempts do not count; a burst
 * of parallel guesses cannot slip past the limit; and another address may still try.
 *
 * The server trusts X-Forwarded-For (ESBANK_TRUST_PROXY=true), so each test plays its own client
 * address and the tests do not use up each other's attempts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEsBankClient, type EsBankClient } from '../../client/esbank-client.ts';
import {
  DepositDocument,
  InitiateDepositDocument,
  InitiateWithdrawalDocument,
  LoginDocument,
  OpenAccountAndSignInDocument,
} from '../../client/generated/graphql.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const FAILURES_PER_ADDRESS = 5;
const WINDOW_SECONDS = 15 * 60;
const PIN = '8264';
const WRONG_PIN = '1379';

type PinOperation = 'login' | 'initiateWithdrawal' | 'initiateDeposit';
const OPERATIONS: readonly PinOperation[] = ['login', 'initiateWithdrawal', 'initiateDeposit'];

for (const kind of testDatabaseKinds()) {
  describe(`the per-address PIN attempt limit (${kind})`, () => {
    let api: GraphQLHttpServer;
    const clients: EsBankClient[] = [];

    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind, {}, { ESBANK_PIN_FAILURES_PER_ADDRESS: String(FAILURES_PER_ADDRESS), ESBANK_TRUST_PROXY: 'true' });
    });
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
      await api?.close();
    });

    /** An anonymous client that the server sees coming from `address`. */
    const from = (address: string): EsBankClient => {
      const client = createEsBankClient({ url: api.url, headers: { 'x-forwarded-for': address } });
      clients.push(client);
      return client;
    };

    /** Opens `count` accounts with PIN and some money on them (through the operator, whose address is its own). */
    async function openAccounts(count: number): Promise<string[]> {
      return Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const { openAccount } = await api.client.request(OpenAccountAndSignInDocument, { input: { owner: `Target ${i}`, pin: PIN } });
          if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(`Opening failed: ${JSON.stringify(openAccount)}`);
          const { deposit } = await api.client.request(DepositDocument, { input: { accountId: openAccount.accountId, amount: 10_000 } });
          if (deposit.__typename !== 'DepositSuccess') throw new Error(`Deposit failed: ${JSON.stringify(deposit)}`);
          return openAccount.accountId;
        }),
      );
    }

    /** One PIN attempt; returns the answer's `__typename` and, when refused for too many attempts, the wait. */
    async function attempt(client: EsBankClient, operation: PinOperation, accountId: string, pin: string): Promise<{ typename: string; retryAfterSeconds?: number }> {
      const result =
        operation === 'login'
          ? (await client.request(LoginDocument, { input: { accountId, pin } })).login
          : operation === 'initiateWithdrawal'
            ? (await client.request(InitiateWithdrawalDocument, { input: { accountId, pin, amount: 100 } })).initiateWithdrawal
            : (await client.request(InitiateDepositDocument, { input: { accountId, pin, amount: 100 } })).initiateDeposit;
      if (result.__typename !== 'TooManyAttemptsError') return { typename: result.__typename };
      expect(result.code).toBe('TooManyAttempts');
      // The ATM operation documents do not select retryAfterSeconds (yet); login's does.
      return 'retryAfterSeconds' in result && typeof result.retryAfterSeconds === 'number'
        ? { typename: result.__typename, retryAfterSeconds: result.retryAfterSeconds }
        : { typename: result.__typename };
    }

    it('refuses the next PIN attempt once an address has sent the allowed wrong PINs over many accounts, with a retry-after, trying nothing', async () => {
      const accounts = await openAccounts(FAILURES_PER_ADDRESS + 1);
      const guesser = from('203.0.113.10');
      const failures = [];
      for (const [i, accountId] of accounts.slice(0, FAILURES_PER_ADDRESS).entries()) {
        failures.push(await attempt(guesser, OPERATIONS[i % OPERATIONS.length] as PinOperation, accountId, WRONG_PIN));
      }
      expect(failures.map((f) => f.typename)).toEqual(Array(FAILURES_PER_ADDRESS).fill('WrongPinError'));
      await api.settle();

      const head = await api.app.eventStore.headPosition();
      const fresh = accounts[FAILURES_PER_ADDRESS] as string;
      for (const operation of OPERATIONS) {
        for (const pin of [WRONG_PIN, PIN]) {
          const refused = await attempt(guesser, operation, fresh, pin);
          expect(refused.typename, `${operation} with ${pin === PIN ? 'the right' : 'a wrong'} PIN`).toBe('TooManyAttemptsError');
          if (operation === 'login') {
            expect(refused.retryAfterSeconds).toBeGreaterThan(0);
            expect(refused.retryAfterSeconds).toBeLessThanOrEqual(WINDOW_SECONDS);
          }
        }
      }
      await api.settle();
      expect(await api.app.eventStore.headPosition(), 'a refused attempt appends nothing').toBe(head);
      const stream = await api.app.eventStore.readStream(`account-${fresh}`);
      expect(stream.map((e) => e.eventType)).toEqual(['Accounts.AccountOpened', 'Accounts.MoneyDeposited']);
    });

    it('counts unknown accounts as failures, and does not count successful attempts', async () => {
      const [own, ...targets] = await openAccounts(FAILURES_PER_ADDRESS);
      const client = from('203.0.113.20');
      const unknown = await attempt(client, 'login', 'a0e2c4f6-1b3d-4a5c-8e7f-90a1b2c3d4e5', WRONG_PIN);
      expect(unknown.typename).toBe('WrongPinError');
      for (const accountId of targets.slice(0, FAILURES_PER_ADDRESS - 2)) expect((await attempt(client, 'login', accountId, WRONG_PIN)).typename).toBe('WrongPinError');
      // One failure left: any number of successes leave it there.
      const successes = [];
      for (let round = 0; round < 3; round++) {
        for (const operation of OPERATIONS) successes.push((await attempt(client, operation, own as string, PIN)).typename);
      }
      expect(successes).toEqual(Array(3).fill(['LoginSuccess', 'InitiateWithdrawalSuccess', 'InitiateDepositSuccess']).flat());
      expect((await attempt(client, 'initiateDeposit', targets.at(-1) as string, WRONG_PIN)).typename, 'the last allowed failure').toBe('WrongPinError');
      expect((await attempt(client, 'login', own as string, PIN)).typename, 'after the last allowed failure').toBe('TooManyAttemptsError');
    });

    it('lets no burst of parallel wrong PINs past the limit', async () => {
      const accounts = await openAccounts(2 * FAILURES_PER_ADDRESS);
      const client = from('203.0.113.30');
      const head = await api.app.eventStore.headPosition();
      const answers = await Promise.all(accounts.map((accountId) => attempt(client, 'login', accountId, WRONG_PIN)));
      const count = (typename: string) => answers.filter((a) => a.typename === typename).length;
      expect(count('WrongPinError')).toBe(FAILURES_PER_ADDRESS);
      expect(count('TooManyAttemptsError')).toBe(FAILURES_PER_ADDRESS);
      await api.settle();
      const appended = await api.app.eventStore.readAll({ fromPosition: head, limit: 100 });
      expect(appended.map((e) => e.eventType)).toEqual(Array(FAILURES_PER_ADDRESS).fill('Accounts.AuthorizationFailed'));
    });

    it('still lets another address try while one is refused', async () => {
      const [accountId, ...others] = (await openAccounts(FAILURES_PER_ADDRESS + 1)) as [string, ...string[]];
      const blocked = from('203.0.113.40');
      for (const target of others) expect((await attempt(blocked, 'login', target, WRONG_PIN)).typename).toBe('WrongPinError');
      expect((await attempt(blocked, 'login', accountId, PIN)).typename).toBe('TooManyAttemptsError');

      expect((await attempt(from('203.0.113.41'), 'login', accountId, PIN)).typename).toBe('LoginSuccess');
      expect((await attempt(from('203.0.113.40, 198.51.100.7'), 'initiateWithdrawal', accountId, PIN)).typename, 'the last X-Forwarded-For entry (our proxy\'s) decides').toBe(
        'InitiateWithdrawalSuccess',
      );
      expect((await attempt(from('198.51.100.8, 203.0.113.40'), 'login', accountId, PIN)).typename, 'an entry the client wrote first changes nothing').toBe(
        'TooManyAttemptsError',
      );
      expect((await attempt(api.newClient(null), 'login', accountId, WRONG_PIN)).typename, 'no X-Forwarded-For: the TCP peer').toBe('WrongPinError');
    });
  });
}
