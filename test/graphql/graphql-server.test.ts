/**
 * The yoga server's protections and tooling: GraphiQL served inline, CSRF prevention, the body size
 * limit, depth/alias/cost limits, and masking that logs each unexpected error once with its request id.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLTestApp, openGraphQLTestApp } from '../support/graphql-test-app.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';

const URL = 'http://bank.test/graphql';

describe('GraphQL server (pglite)', () => {
  let app: GraphQLTestApp;
  beforeAll(async () => {
    app = await openGraphQLTestApp('pglite', { maxRequestBodyBytes: 10_000, limits: { maxDepth: 4, maxAliases: 5, maxCost: 5_000 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves GraphiQL inline, without loading anything from a CDN, with the example operations', async () => {
    const response = await app.yoga.fetch(URL, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('EsBank GraphiQL');
    expect(html).toContain('mutation OpenAccount');
    expect(html).not.toMatch(/<script[^>]+src="https?:\/\//);
    expect(html).not.toMatch(/<link[^>]+href="https?:\/\/(unpkg|cdn)/);
  });

  it('blocks requests a browser would send without a preflight, and runs the rest', async () => {
    const query = encodeURIComponent('{ atms { nodes { id } } }');
    const simpleGet = await app.yoga.fetch(`${URL}?query=${query}`, { headers: { accept: 'application/json' } });
    expect(simpleGet.status).toBe(403);
    const formPost = await app.yoga.fetch(URL, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ atms { nodes { id } } }' }) });
    expect(formPost.status).toBe(403);
    const getWithHeader = await app.yoga.fetch(`${URL}?query=${query}`, { headers: { accept: 'application/json', 'x-graphql-csrf': '1', authorization: OPERATOR_AUTHORIZATION } });
    expect(getWithHeader.status).toBe(200);
    expect(((await getWithHeader.json()) as { data: unknown }).data).toMatchObject({ atms: { nodes: [expect.any(Object)] } });
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await app.yoga.fetch(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ atms { nodes { id } } } # ${'x'.repeat(20_000)}` }),
    });
    expect(response.status).toBe(413);
  });

  it('refuses operations too deep, with too many aliases, or too costly; introspection is not counted', async () => {
    const fourDeep = await app.execute('{ flow(correlationId: "x") { nodes { event { eventId } } } }');
    expect(fourDeep.errors).toBeUndefined();
    const fiveDeep = await app.execute('{ withdrawal(id: "x") { account { ...Ledger } } } fragment Ledger on Account { transactions { nodes { id } } }');
    expect(fiveDeep.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_DEEP']);

    const aliases = await app.execute(`{ ${Array.from({ length: 6 }, (_, i) => `a${i}: atms { nodes { id } }`).join(' ')} }`);
    expect(aliases.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_MANY_ALIASES']);

    const log = 'query ($n: Int) { events(first: $n) { nodes { eventId eventType schemaVersion streamId version position causationId correlationId data metadata createdAt } } }';
    expect((await app.execute(log, { n: 500 })).errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
    expect((await app.execute(log, { n: 100 })).errors).toBeUndefined();

    const introspection = await app.execute('{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }');
    expect(introspection.errors).toBeUndefined();
  });

  it('masks an unexpected failure, logs it once with the request id, and echoes the id', async () => {
    await sql`drop table atms`.execute(app.database.db);
    const logged = app.logEntries().length;
    const response = await app.yoga.fetch(URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', authorization: OPERATOR_AUTHORIZATION },
      body: JSON.stringify({ query: '{ atms { nodes { id } } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('req-42');
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors.map((e) => e.extensions)).toEqual([{ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' }]);
    expect(JSON.stringify(body)).not.toMatch(/relation|does not exist|select/i);
    const entries = app.logEntries().slice(logged).filter((line) => line.level === 'error');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ requestId: 'req-42', path: 'atms', message: 'unexpected error in a GraphQL request' });
  });
});
