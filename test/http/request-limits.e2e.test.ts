/**
 * The flood limits in front of the API (request-limits.ts, request-handler.ts) over real HTTP:
 *
 * - per client address and second (ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS): a burst past the budget
 *   gets some 429s, each with `Retry-After` and a JSON GraphQL error RATE_LIMITED, the rest is served,
 *   nothing gets a 5xx, and after `Retry-After` the address is served again; /health and /ready are
 *   never limited. Behind a trusted proxy (ESBANK_TRUST_PROXY) each X-Forwarded-For address has its own
 *   budget; otherwise the header is ignored and the peer's budget is shared.
 * - requests served at once (ESBANK_MAX_CONCURRENT_REQUESTS): with the slots held by strong ATM
 *   withdrawals in flight, the next request gets 429, while an SSE stream opened before goes on (it
 *   holds no slot) and the health routes answer; the held withdrawals then complete, and the slots
 *   are free again. A burst of strong withdrawals past the cap: each completes or is refused whole.
 *   The slots are held for certain by requests whose body waits (shutdown-held-request.ts).
 */
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDocument, DepositDocument, InitiateWithdrawalDocument, LiveEventsDocument, OpenAccountDocument } from '../../client/generated/graphql.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { postWithHeldBody } from '../support/shutdown-held-request.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const PER_SECOND = 10;
const CONCURRENT = 3;
const ATMS = JSON.stringify({ query: '{ atms { nodes { id } } }' });

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

async function send(url: string, { body = ATMS, headers = {} }: { body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: OPERATOR_AUTHORIZATION, ...headers }, body });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const count = (answers: readonly Answer[], status: number): number => answers.filter((a) => a.status === status).length;

/** Checks a 429: Retry-After in whole seconds, and the same figure in a JSON GraphQL error RATE_LIMITED. */
function expectRateLimited(answer: Answer, reason: RegExp): number {
  expect(answer.status).toBe(429);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  const body = JSON.parse(answer.body) as { errors: { message: string; extensions: Record<string, unknown> }[] };
  expect(body.errors).toEqual([{ message: expect.stringMatching(reason), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }]);
  return retryAfter;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of testDatabaseKinds()) {
  describe(`requests per second per address (${kind})`, () => {
    let api: GraphQLHttpServer;
    const base = () => api.url.replace(/\/graphql$/, '');
    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind, {}, { ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS: String(PER_SECOND) });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('answers a flood with some 429s (Retry-After, RATE_LIMITED), serves the rest, never 5xx, and serves again after Retry-After', async () => {
      const healthChecks = Promise.all(Array.from({ length: 2 * PER_SECOND }, (_, i) => fetch(`${base()}${i % 2 === 0 ? '/health' : '/ready'}`)));
      const flood = await Promise.all(Array.from({ length: 4 * PER_SECOND }, () => send(api.url)));
      expect(flood.filter((a) => a.status !== 200 && a.status !== 429).map((a) => `${a.status} ${a.body}`)).toEqual([]);
      expect(count(flood, 200)).toBeGreaterThanOrEqual(1);
      expect(count(flood, 200)).toBeLessThanOrEqual(2 * PER_SECOND);
      expect(count(flood, 429)).toBeGreaterThanOrEqual(2 * PER_SECOND);
      for (const served of flood.filter((a) => a.status === 200)) expect(JSON.parse(served.body)).toMatchObject({ data: { atms: { nodes: [{ id: expect.any(String) }] } } });
      const retryAfter = Math.max(...flood.filter((a) => a.status === 429).map((a) => expectRateLimited(a, /Too many requests from your address/)));
      const health = await healthChecks;
      expect(health.map((r) => r.status), 'the health routes, asked during the flood').toEqual(health.map(() => 200));

      await sleep(retryAfter * 1000);
      const after = [];
      for (let i = 0; i < PER_SECOND / 2; i += 1) after.push(await send(api.url));
      expect(after.map((a) => a.status)).toEqual(after.map(() => 200));
    });

    it('ignores X-Forwarded-For without ESBANK_TRUST_PROXY: every address behind the peer shares its budget', async () => {
      await sleep(1_000);
      const spoofed = await Promise.all(Array.from({ length: 2 * PER_SECOND }, (_, i) => send(api.url, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } })));
      expect(count(spoofed, 200)).toBeLessThanOrEqual(2 * PER_SECOND - 1);
      expect(count(spoofed, 429)).toBeGreaterThanOrEqual(1);
      expect(count(spoofed, 200) + count(spoofed, 429)).toBe(2 * PER_SECOND);
    });
  });

  describe(`with ESBANK_TRUST_PROXY, and requests served at once (${kind})`, () => {
    let api: GraphQLHttpServer;
    let accountId: string;
    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind, {}, {
        ESBANK_TRUST_PROXY: 'true',
        ESBANK_REQUESTS_PER_SECOND_PER_ADDRESS: String(PER_SECOND),
        ESBANK_MAX_CONCURRENT_REQUESTS: String(CONCURRENT),
      });
      const { openAccount } = await api.client.request(OpenAccountDocument, { input: { owner: 'Flood Fred', pin: '1357' } });
      if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(`Opening failed: ${JSON.stringify(openAccount)}`);
      accountId = openAccount.accountId;
      await api.client.request(DepositDocument, { input: { accountId, amount: 100_000 } });
    });
    afterAll(async () => {
      await api?.close();
    });

    it('gives each X-Forwarded-For client address a budget of its own', async () => {
      // One request at a time: the concurrency cap must not be what refuses them.
      const sequence = async (count: number, forwardedFor: string): Promise<Answer[]> => {
        const answers: Answer[] = [];
        for (let i = 0; i < count; i += 1) answers.push(await send(api.url, { headers: { 'x-forwarded-for': forwardedFor } }));
        return answers;
      };
      const startedAt = Date.now();
      const first = await sequence(PER_SECOND + 1, '198.51.100.1');
      const within = Date.now() - startedAt < 1_000;
      expect(first.slice(0, PER_SECOND).map((a) => a.status)).toEqual(Array.from({ length: PER_SECOND }, () => 200));
      const last = first.at(-1);
      if (!last) throw new Error('no answer');
      if (within) expectRateLimited(last, /Too many requests from your address/);
      else console.warn('the 11th request of the first address came more than a second after its first: its 429 was not checked');

      const second = await sequence(PER_SECOND, '198.51.100.2');
      expect(second.map((a) => a.status)).toEqual(second.map(() => 200));
      if (Date.now() - startedAt < 1_000) expectRateLimited(await send(api.url, { headers: { 'x-forwarded-for': '198.51.100.2' } }), /Too many requests/);
    });

    it('refuses requests past the concurrency cap with 429 while strong withdrawals hold every slot; an open SSE stream and the health routes hold none', async () => {
      const withdraw = (amount: number) => JSON.stringify({ query: print(InitiateWithdrawalDocument), variables: { input: { accountId, pin: '1357', amount }, consistency: 'STRONG' } });
      const live = api.client.subscribe(LiveEventsDocument, { afterPosition: String(await api.app.eventStore.headPosition()), types: ['Tellers.MoneyWithdrawn'] }, { transport: 'sse' });
      const firstDelivery = live.next();
      await api.storeSubscriptions.waitUntil((n) => n === 1);
      const held = Array.from({ length: CONCURRENT }, (_, i) => postWithHeldBody(api.url, withdraw(1_000), { 'x-forwarded-for': `192.0.2.${i + 1}` }));
      await Promise.all(held.map((h) => h.admitted));

      const over = await send(api.url, { body: withdraw(1_000), headers: { 'x-forwarded-for': '192.0.2.100' } });
      expect(expectRateLimited(over, /serving as many requests as it can/)).toBe(1);
      expect((await fetch(api.url.replace(/\/graphql$/, '/ready'))).status).toBe(200);

      for (const h of held) h.sendBody();
      for (const answer of await Promise.all(held.map((h) => h.answer))) {
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ data: { initiateWithdrawal: { __typename: 'InitiateWithdrawalSuccess', status: 'COMPLETED' } } });
      }
      const delivered = [(await firstDelivery).value?.events.eventType];
      for (let i = 1; i < CONCURRENT; i += 1) delivered.push((await live.next()).value?.events.eventType);
      expect(delivered, 'the SSE stream opened before the slots filled up').toEqual(Array.from({ length: CONCURRENT }, () => 'Tellers.MoneyWithdrawn'));
      await live.return(undefined);

      const again = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => send(api.url, { body: withdraw(1_000), headers: { 'x-forwarded-for': `192.0.2.${i + 50}` } })));
      expect(again.map((a) => a.status)).toEqual(again.map(() => 200));
      await api.settle();
      expect((await api.client.request(AccountDocument, { id: accountId })).account?.balance).toBe(100_000 - 2 * CONCURRENT * 1_000);
    });

    it('under a burst of strong withdrawals past the cap, each one either completes or is refused before anything happened', async () => {
      const before = (await api.client.request(AccountDocument, { id: accountId })).account?.balance ?? 0;
      const body = JSON.stringify({ query: print(InitiateWithdrawalDocument), variables: { input: { accountId, pin: '1357', amount: 500 }, consistency: 'STRONG' } });
      const burst = await Promise.all(Array.from({ length: 4 * CONCURRENT }, (_, i) => send(api.url, { body, headers: { 'x-forwarded-for': `192.0.2.${i + 100}` } })));
      expect(burst.filter((a) => a.status !== 200 && a.status !== 429).map((a) => `${a.status} ${a.body}`)).toEqual([]);
      for (const refused of burst.filter((a) => a.status === 429)) expectRateLimited(refused, /serving as many requests as it can/);
      for (const served of burst.filter((a) => a.status === 200)) {
        expect(JSON.parse(served.body)).toMatchObject({ data: { initiateWithdrawal: { __typename: 'InitiateWithdrawalSuccess', status: 'COMPLETED' } } });
      }
      await api.settle();
      expect((await api.client.request(AccountDocument, { id: accountId })).account?.balance).toBe(before - 500 * count(burst, 200));
      if (count(burst, 429) === 0) console.warn(`no withdrawal of the burst was refused: they finished faster than they arrived (${kind})`);
    });

    // Yoga answers queries and mutations over SSE too: such a request holds a slot until its answer starts.
    it('counts a mutation sent with Accept: text/event-stream against the cap too', async () => {
      const body = JSON.stringify({ query: print(InitiateWithdrawalDocument), variables: { input: { accountId, pin: '1357', amount: 100 }, consistency: 'STRONG' } });
      const held = Array.from({ length: CONCURRENT }, (_, i) => postWithHeldBody(api.url, body, { 'x-forwarded-for': `192.0.2.${i + 200}` }));
      try {
        await Promise.all(held.map((h) => h.admitted));
        const overSse = await send(api.url, { body, headers: { accept: 'text/event-stream', 'x-forwarded-for': '192.0.2.250' } });
        expect(overSse.status).toBe(429);
      } finally {
        for (const h of held) h.sendBody();
        await Promise.all(held.map((h) => h.answer));
      }
    });
  });
}
