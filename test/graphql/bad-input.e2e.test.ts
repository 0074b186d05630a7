/**
 * Malformed and hostile requests over real HTTP (and a few over graphql-ws): wrong types, bad money,
 * bad ids, bad PINs, missing and unknown fields, oversized bodies, deep, aliased and costly queries,
 * broken JSON, CSRF-shaped requests. Each one gets a clear answer — GraphQL errors with a code, or a
 * DomainError member with its `code` — never a stack trace, SQL or an internal error; none appends an
 * event or changes a read-model row; and the server keeps serving afterwards.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsBankGraphQLError } from '../../client/esbank-client.ts';
import { AccountsDocument, DepositDocument, LiveEventsDocument, OpenAccountDocument } from '../../client/generated/graphql.ts';
import { type BadRequest, BAD_REQUESTS, type BadRequestContext } from '../support/bad-requests.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { collectUntil } from '../support/stream-collector.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const READ_MODEL_TABLES = ['accounts', 'account_transactions', 'atms', 'withdrawals', 'deposits'] as const;

/** What a person or a program must never see in an answer: stack frames, source paths, SQL, driver errors. */
const LEAKS = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|"stack"|\bselect\b.+\bfrom\b|insert into|update \w+ set|relation "|syntax error at or near|violates|pg_|kysely|pglite/i;

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly errors: readonly { readonly message?: unknown; readonly extensions?: Record<string, unknown> }[];
  readonly members: readonly Record<string, unknown>[];
}

/** The GraphQL errors and the mutation result members of a JSON or SSE answer. */
function answerOf(status: number, text: string): Answer {
  const payloads = text.trimStart().startsWith('{') || text.trimStart().startsWith('[')
    ? [text]
    : text.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).filter(Boolean);
  const bodies = payloads.map((payload) => JSON.parse(payload) as { errors?: Answer['errors']; data?: Record<string, unknown> | null });
  return {
    status,
    text,
    errors: bodies.flatMap((body) => body.errors ?? []),
    members: bodies.flatMap((body) => Object.values(body.data ?? {}).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)),
  };
}

async function countRows(api: GraphQLHttpServer): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of READ_MODEL_TABLES) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(api.app.database.db);
    counts[table] = Number(rows[0]?.n);
  }
  return counts;
}

for (const kind of testDatabaseKinds()) {
  describe(`bad input over HTTP (${kind})`, () => {
    let api: GraphQLHttpServer;
    let context: BadRequestContext;
    let rowsBefore: Record<string, number>;

    beforeAll(async () => {
      api = await startGraphQLHttpServer(kind);
      const { openAccount } = await api.client.request(OpenAccountDocument, { input: { owner: 'Mallory Target', pin: '1234' } });
      if (openAccount.__typename !== 'OpenAccountSuccess') throw new Error(JSON.stringify(openAccount));
      await api.client.request(DepositDocument, { input: { accountId: openAccount.accountId, amount: 5_000 } });
      await api.settle();
      context = { url: api.url, accountId: openAccount.accountId };
      rowsBefore = await countRows(api);
    });
    afterAll(async () => {
      await api?.close();
    });

    it('has at least 40 bad requests', () => {
      expect(BAD_REQUESTS.length).toBeGreaterThanOrEqual(40);
    });

    for (const request of BAD_REQUESTS) {
      it(`${request.name}: answers ${describeExpected(request)}, leaks nothing and stores nothing`, async () => {
        const head = await api.app.eventStore.headPosition();
        const response = await request.send(context);
        const answer = answerOf(response.status, await response.text());
        expect(answer.status, answer.text).toBeLessThan(500);
        if (request.status !== undefined) expect(answer.status, answer.text).toBe(request.status);
        expect(answer.text).not.toMatch(LEAKS);
        expect(answer.errors.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
        if (request.errorCode !== undefined) {
          expect(answer.errors.length, answer.text).toBeGreaterThan(0);
          for (const error of answer.errors) expect(typeof error.message === 'string' && error.message.length > 10, answer.text).toBe(true);
          if (request.errorCode !== 'ANY') expect(answer.errors.map((e) => e.extensions?.code), answer.text).toContain(request.errorCode);
        }
        if (request.domainError !== undefined) {
          expect(answer.errors, answer.text).toEqual([]);
          expect(answer.members, answer.text).toContainEqual(expect.objectContaining({ __typename: request.domainError.typename, code: request.domainError.code, message: expect.any(String) }));
        }
        expect(await api.app.eventStore.headPosition()).toBe(head);
      });
    }

    it('refuses a bad subscription over graphql-ws with a GraphQL error, and keeps the socket for the next one', async () => {
      const refused = await collectUntil(api.client.subscribe(LiveEventsDocument, { afterPosition: '-1' }, { transport: 'ws' })).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(EsBankGraphQLError);
      expect((refused as EsBankGraphQLError).codes).toEqual(['BAD_USER_INPUT']);
      const syntax = await collectUntil(api.client.subscribe({ kind: LiveEventsDocument.kind, definitions: [] } as unknown as typeof LiveEventsDocument, {}, { transport: 'ws' })).catch((e: unknown) => e);
      expect(syntax).toBeInstanceOf(EsBankGraphQLError);
      const head = String(await api.app.eventStore.headPosition());
      const working = await collectUntil(api.client.subscribe(LiveEventsDocument, { afterPosition: String(Number(head) - 1) }, { transport: 'ws' }), (r) => r.length === 1);
      expect(working.received.map((r) => r.events.position)).toEqual([head]);
    });

    it('changed no read-model row, and still serves normal requests', async () => {
      await api.settle();
      expect(await countRows(api)).toEqual(rowsBefore);
      const { accounts } = await api.client.request(AccountsDocument, { first: 5 });
      expect(accounts.nodes.map((a) => a.id)).toContain(context.accountId);
      const { deposit } = await api.client.request(DepositDocument, { input: { accountId: context.accountId, amount: 1 } });
      expect(deposit).toMatchObject({ __typename: 'DepositSuccess', account: { balance: 5_001 } });
    });
  });
}

function describeExpected(request: BadRequest): string {
  if (request.domainError) return request.domainError.typename;
  if (request.errorCode && request.errorCode !== 'ANY') return request.errorCode;
  return request.status !== undefined ? `HTTP ${request.status}` : 'an error';
}
