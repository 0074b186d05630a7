/**
 * Production mode in the real process, `node src/main.ts` with NODE_ENV=production (and the token
 * secret production requires), on PGlite and on PostgreSQL:
 *
 * - introspection is refused (`__schema`, `__type`; `__typename` still works) and GraphiQL is not
 *   served, neither to a GET nor to a POST that asks for HTML (GraphiQL, when on, answers GETs only);
 * - the default body, depth, alias and cost limits hold in the real server (graphql-server.test.ts
 *   checks each limit in-process with small values; here: the defaults, as main.ts wires them);
 * - ESBANK_INTROSPECTION=true and ESBANK_GRAPHIQL=true turn them back on, still in production;
 * - an unexpected failure (a read-model table dropped between the two runs) reaches the client as
 *   "Unexpected error" with a request id only: no stack, no SQL, no table name, while the server's
 *   log has the details.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerProcess } from '../support/server-process.ts';
import { createServerDatabase, type ServerDatabase, startServer } from '../support/shutdown-server-process.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const PRODUCTION = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };
const INTROSPECTION = '{ __schema { queryType { name } } }';

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: OPERATOR_AUTHORIZATION, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

const errorsOf = (answer: Answer) => (JSON.parse(answer.text) as { errors?: { message: string; extensions?: Record<string, unknown> }[] }).errors ?? [];

/** The first answer to `query` over graphql-ws, signed in as the operator: the `next` or `error` message. */
async function overWebSocket(url: string, query: string): Promise<{ type: string; payload: unknown }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  try {
    return await new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)));
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: OPERATOR_AUTHORIZATION } })));
      socket.on('message', (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as { type: string; payload: unknown };
        if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        if (message.type === 'next' || message.type === 'error') resolve(message);
      });
    });
  } finally {
    socket.removeAllListeners('close');
    socket.close();
  }
}

async function graphiqlAnswers(url: string): Promise<Answer[]> {
  const get = await fetch(url, { headers: { accept: 'text/html' } });
  const viaPost = await fetch(url, { method: 'POST', headers: { accept: 'text/html', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
  return Promise.all([get, viaPost].map(async (r) => ({ status: r.status, contentType: r.headers.get('content-type') ?? '', text: await r.text() })));
}

for (const kind of testDatabaseKinds()) {
  describe(`production mode of node src/main.ts (${kind})`, () => {
    let database: ServerDatabase;
    let server: ServerProcess | undefined;

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      server = await startServer(database, { env: PRODUCTION });
    });
    afterAll(async () => {
      await server?.kill();
      await database?.dispose();
    });

    const running = (): ServerProcess => {
      if (!server) throw new Error('The server did not start.');
      return server;
    };

    it('refuses introspection over HTTP, but answers __typename', async () => {
      for (const query of [INTROSPECTION, '{ __type(name: "Account") { fields { name } } }']) {
        const answer = await post(running().url, query);
        expect(answer.text).not.toContain('"data":{');
        expect(errorsOf(answer)[0]?.message).toMatch(/introspection has been disabled/);
      }
      expect(JSON.parse((await post(running().url, '{ __typename }')).text)).toEqual({ data: { __typename: 'Query' } });
      expect(await overWebSocket(running().url, '{ __typename }')).toEqual({ id: '1', type: 'next', payload: { data: { __typename: 'Query' } } });
    });

    // graphql-ws operations do not go through yoga's request parsing: the guard works in validation.
    it('refuses introspection over graphql-ws too', async () => {
      const refused = (await overWebSocket(running().url, INTROSPECTION)) as { type: string; payload: { message: string }[] };
      expect(refused.type).toBe('error');
      expect(refused.payload[0]?.message).toMatch(/introspection has been disabled/);
    });

    it('serves no GraphiQL page, to a GET or a POST asking for HTML', async () => {
      for (const answer of await graphiqlAnswers(running().url)) {
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.contentType).not.toMatch(/text\/html/);
        expect(answer.text).not.toMatch(/graphiql|<html/i);
      }
    });

    it('keeps the default body, depth, alias and cost limits', async () => {
      const url = running().url;
      const tooLarge = await post(url, `{ __typename } # ${'x'.repeat(110_000)}`);
      expect(tooLarge.status).toBe(413);

      // The schema has no cycle deep enough, so the nesting uses fields that do not exist: the depth
      // rule reports it along with the unknown fields.
      const nested = (depth: number): string => (depth === 1 ? 'leaf' : `level { ${nested(depth - 1)} }`);
      const codes = async (query: string) => errorsOf(await post(url, query)).map((e) => e.extensions?.code);
      expect(await codes(`{ ${nested(12)} }`)).not.toContain('QUERY_TOO_DEEP');
      expect(await codes(`{ ${nested(13)} }`)).toContain('QUERY_TOO_DEEP');

      const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      expect(await codes(aliases)).toEqual(['TOO_MANY_ALIASES']);
      expect(await codes(`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`)).toEqual([]);

      const ledgers = (first: number) => `{ accounts(first: ${first}) { nodes { transactions(first: ${first}) { nodes { id amount kind } } } } }`;
      expect(await codes(ledgers(100))).toEqual(['QUERY_TOO_COSTLY']);
      expect(await codes(ledgers(50))).toEqual([]);
    });

    it('turns introspection and GraphiQL back on when asked, and masks an unexpected failure without a stack or SQL', async () => {
      expect(await running().stop()).toEqual({ code: 0, signal: null });
      await database.execute('DROP TABLE atms');
      server = await startServer(database, { env: { ...PRODUCTION, ESBANK_INTROSPECTION: 'true', ESBANK_GRAPHIQL: 'true' } });
      const { url } = running();

      expect(JSON.parse((await post(url, INTROSPECTION)).text)).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
      const [get] = await graphiqlAnswers(url);
      expect(get?.status).toBe(200);
      expect(get?.contentType).toMatch(/^text\/html/);
      expect(get?.text).toContain('EsBank GraphiQL');

      const failed = await post(url, '{ atms { nodes { id } } }', { 'x-request-id': 'prod-failure-1' });
      expect(JSON.parse(failed.text)).toEqual({
        data: null,
        errors: [
          {
            message: 'Unexpected error. It was logged with request id prod-failure-1.',
            locations: [{ line: 1, column: 3 }],
            path: ['atms'],
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'prod-failure-1' },
          },
        ],
      });
      expect(failed.text).not.toMatch(/relation|does not exist|select|stack|\bat .*\.(js|ts)|node_modules/i);
      const logged = running().outputLines().filter((line) => line.includes('prod-failure-1'));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({
        level: 'error',
        message: 'unexpected error in a GraphQL request',
        error: { message: expect.stringMatching(/does not exist/) },
        stack: expect.any(String),
      });
    });
  });
}
