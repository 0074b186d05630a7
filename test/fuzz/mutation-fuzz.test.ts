/**
 * Property-based fuzzing (fast-check) of every argument of every mutation, query and subscription, read
 * from the schema, against the real server over real HTTP, on each test database. For each field,
 * FUZZ_RUNS cases of well-formed and hostile arguments (as variables and as inline literals;
 * subscriptions over SSE), sent one at a time as the operator, must each:
 * - get no 5xx and a JSON (or SSE) body, with no masked internal error;
 * - leak nothing: no stack trace, source path, SQL or driver text, validation-library text, and no
 *   PIN echoed back or written to the log;
 * - when refused (a GraphQL error or a DomainError member), append no event and write no read-model
 *   row, but for what the outcome rule records on purpose (a refused PIN, a declined ATM operation,
 *   whose error must then name it); queries and subscriptions never store anything;
 * - when accepted with STRONG consistency, not time out (one request at a time: a timeout is a stuck
 *   saga or read model).
 * Then garbage `Authorization` headers: never a 5xx or a leak, and refused once credentials are
 * checked.
 *
 * Sizes and switches, by environment variable:
 * - FUZZ_RUNS (default 25, about 30 s per database here): cases per field and database;
 * - FUZZ_SEED: fast-check's seed (printed with a failure); the server's own ids differ from run to run,
 *   so the request printed with a failure is the exact replay;
 * - FUZZ_MAX_SHRINKS (default 100): requests spent shrinking a failure;
 * - FUZZ_ONLY=deposit,…: only the fields whose label (`mutation deposit`, `query events`) contains one;
 * - FUZZ_IGNORE=pin-echo,decline-id,stuck,…: oracles switched off while a known finding is fixed (loudly).
 * `npm run test:fuzz`, or `npx vitest run test/fuzz`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/graphql/schema.ts';
import { garbageAuthorization, isCredentialCheckEnforced } from '../support/fuzz-authorization.ts';
import {
  caseArbitrary,
  domainErrorTypes,
  type FuzzContext,
  fuzzTargets,
  ignoredOracles,
  runFuzzCase,
  validArgumentsArbitrary,
} from '../support/fuzz-case-runner.ts';
import { canSendFrom } from '../support/fuzz-http.ts';
import { createFuzzPool, type FuzzPool } from '../support/fuzz-pool.ts';
import { createFuzzStats } from '../support/fuzz-stats.ts';
import { readModelTables } from '../support/fuzz-store-probe.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

function positiveIntegerOf(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

const RUNS = positiveIntegerOf(process.env.FUZZ_RUNS, 25);
const MAX_SHRINKS = positiveIntegerOf(process.env.FUZZ_MAX_SHRINKS, 100);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const IGNORED = ignoredOracles();
/** Generous: a failing property shrinks, sending many more requests than RUNS. */
const FIELD_TIMEOUT_MS = 120_000 + RUNS * 2_000;

const ONLY = (process.env.FUZZ_ONLY ?? '').split(',').map((text) => text.trim()).filter(Boolean);
const targets = fuzzTargets(schema);
const fuzzed = ONLY.length === 0 ? targets : targets.filter((t) => ONLY.some((text) => t.label.includes(text)));
const errorTypes = domainErrorTypes(schema);
const stats = createFuzzStats();

if (fuzzed.length < targets.length) {
  console.warn(`FUZZ_ONLY=${ONLY.join(',')} leaves out: ${targets.filter((t) => !fuzzed.includes(t)).map((t) => t.label).join(', ')}.`);
}

const parameters = (): fc.Parameters<unknown> => ({ numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });

describe('the fuzzed fields', () => {
  it('include every mutation, query and subscription of the schema', () => {
    expect(targets.filter((t) => t.role === 'mutation').length).toBeGreaterThanOrEqual(8);
    expect(targets.some((t) => t.role === 'query')).toBe(true);
    expect(targets.some((t) => t.role === 'subscription')).toBe(true);
    expect(errorTypes.has('InvalidInputError')).toBe(true);
  });
});

for (const database of testDatabaseKinds()) {
  describe(`fuzzing every argument over HTTP (${database})`, () => {
    let api: GraphQLHttpServer;
    let pool: FuzzPool;
    let context: FuzzContext;
    /** A loopback address per field (the PIN attempt limit is per address), when the system has them. */
    let addressOf: (index: number) => string | undefined;

    beforeAll(async () => {
      api = await startGraphQLHttpServer(database);
      pool = await createFuzzPool(api);
      context = { api, database, tables: await readModelTables(api), stats, errorTypes, ignored: IGNORED };
      const perField = await canSendFrom(api.url, '127.0.0.2');
      if (!perField) console.warn('Only 127.0.0.1 is usable here: every field shares one address, so the PIN attempt limit may refuse ATM operations and login early.');
      addressOf = (index) => (perField ? `127.0.${Math.floor(index / 250)}.${(index % 250) + 2}` : undefined);
    }, 120_000);

    afterAll(async () => {
      console.info(stats.report(database));
      await api?.close();
    });

    for (const [index, target] of fuzzed.entries()) {
      it(`${target.label}: no 5xx, no leak, nothing stored when refused`, async () => {
        await pool.refresh();
        const fieldContext = { ...context, localAddress: addressOf(index) };
        await fc.assert(
          fc.asyncProperty(caseArbitrary(target, pool.hints(), MAX_SHRINKS), async (fuzzCase) => {
            await runFuzzCase(fieldContext, target, fuzzCase, OPERATOR_AUTHORIZATION);
          }),
          parameters(),
        );
      }, FIELD_TIMEOUT_MS);
    }

    it.skipIf(!fuzzed.some((t) => t.role !== 'subscription'))('garbage Authorization headers: no 5xx, no leak, refused with a message once credentials are checked', async () => {
      const enforced = await isCredentialCheckEnforced(api.url);
      if (!enforced) console.warn('Credentials are not checked yet (a made-up bearer token is accepted): only no-5xx, no-leak and no-store are checked.');
      await pool.refresh();
      const candidates = fuzzed.filter((t) => t.role !== 'subscription');
      const byLabel = new Map(candidates.map((t) => [t.label, t]));
      const arbitrary = fc
        .constantFrom(...candidates.map((t) => t.label))
        .chain((label) => fc.record({ label: fc.constant(label), args: validArgumentsArbitrary(byLabel.get(label)!, pool.hints()), authorization: garbageAuthorization() }));
      await fc.assert(
        fc.asyncProperty(fc.limitShrink(arbitrary, MAX_SHRINKS), async ({ label, args, authorization }) => {
          const target = byLabel.get(label)!;
          await runFuzzCase({ ...context, localAddress: addressOf(fuzzed.length) }, { ...target, label: 'bad Authorization header' }, { args, style: 'variables' }, authorization, ({ answer, outcome }) => {
            if (!enforced) return [];
            if (outcome.kind !== 'rejected') return [`a request with the made-up credentials ${JSON.stringify(authorization.slice(0, 100))} was ${outcome.kind} (${outcome.reason})`];
            const message = answer.payloads[0]?.errors?.[0]?.message;
            return typeof message === 'string' && message.length >= 10 ? [] : [`the refusal of made-up credentials says nothing clear: ${answer.text.slice(0, 300)}`];
          });
        }),
        parameters(),
      );
    }, FIELD_TIMEOUT_MS);
  });
}
