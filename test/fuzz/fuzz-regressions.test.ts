/**
 * The counterexamples the fuzzer found, replayed exactly with the oracles of mutation-fuzz.test.ts, so
 * each is checked on every run whatever the random cases happen to be:
 * - fixed: an owner holding half of a UTF-16 character made the append throw (an internal error);
 * - fixed: a deposit the ATM could not add to its cash (past 2^53 - 1 cents) was accepted, then never
 *   ended (the saga has no step for the teller's refusal): a STRONG request timed out after 10 s;
 * - open (GraphQL layer): a PIN sent with a mistake elsewhere in the input comes back in graphql-js's
 *   variable and validation error messages;
 * - open (GraphQL layer): a deposit declined by its saga (the balance would pass 2^53 - 1) is recorded,
 *   but its BalanceOverflowError has no `operationId` to say which deposit.
 * FUZZ_IGNORE switches oracles off here too (see mutation-fuzz.test.ts).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { schema } from '../../src/graphql/schema.ts';
import { MISSING } from '../support/fuzz-arbitraries.ts';
import { domainErrorTypes, type FuzzContext, type FuzzTarget, fuzzTargets, ignoredOracles, runFuzzCase } from '../support/fuzz-case-runner.ts';
import { sendGraphQL } from '../support/fuzz-http.ts';
import { createFuzzPool, POOL_PIN } from '../support/fuzz-pool.ts';
import { createFuzzStats } from '../support/fuzz-stats.ts';
import { readModelTables } from '../support/fuzz-store-probe.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';
import { testDatabaseKinds } from '../support/test-database.ts';

const targets = fuzzTargets(schema);
const IGNORED = ignoredOracles();
const targetOf = (label: string): FuzzTarget => {
  const target = targets.find((t) => t.label === label);
  if (!target) throw new Error(`The schema has no ${label}: update this replay.`);
  return target;
};

for (const database of testDatabaseKinds()) {
  describe(`fuzz counterexamples, replayed (${database})`, () => {
    let api: GraphQLHttpServer;
    let context: FuzzContext;
    let accountId: string;

    beforeAll(async () => {
      api = await startGraphQLHttpServer(database);
      const pool = await createFuzzPool(api);
      accountId = pool.hints().accountIds[0]!;
      context = { api, database, tables: await readModelTables(api), stats: createFuzzStats(), errorTypes: domainErrorTypes(schema), ignored: IGNORED };
    }, 120_000);

    afterAll(async () => {
      await api?.close();
    });

    const replay = (label: string, args: Record<string, unknown>, style: 'variables' | 'literal' = 'variables') =>
      runFuzzCase(context, targetOf(label), { args, style }, OPERATOR_AUTHORIZATION);

    it('an owner with an unpaired surrogate is invalid input, not an internal error', async () => {
      await replay('mutation openAccount', { input: { owner: '\ud800', pin: POOL_PIN } });
      await replay('mutation openAccount', { input: { owner: 'x\udfffy', pin: POOL_PIN } }, 'literal');
    });

    it('a deposit the ATM cannot add to its cash is refused up front, not left hanging', async () => {
      await replay('mutation initiateDeposit', { input: { accountId, pin: POOL_PIN, amount: Number.MAX_SAFE_INTEGER - 1_000 } });
    });

    it('a PIN never comes back in an error message: an unknown field beside it (variables)', async () => {
      await replay('mutation openAccount', { input: { owner: 'x', pin: POOL_PIN, extra: 1 } });
    });

    it('a PIN never comes back in an error message: an unknown field beside it (literal)', async () => {
      await replay('mutation openAccount', { input: { owner: 'x', pin: POOL_PIN, extra: 1 } }, 'literal');
    });

    it('a PIN never comes back in an error message: a required field missing beside it', async () => {
      await replay('mutation initiateDeposit', { input: { accountId: MISSING, amount: 1, pin: POOL_PIN } });
    });

    it('a PIN never comes back in an error message: the PIN sent as a number', async () => {
      await replay('mutation login', { input: { accountId, pin: Number(POOL_PIN) } });
    });

    it('a deposit declined by its saga names the deposit it recorded', async () => {
      const opened = await sendGraphQL(
        api.url,
        { query: 'mutation($input: OpenAccountInput!) { openAccount(input: $input) { ... on OpenAccountSuccess { accountId } } }', variables: { input: { owner: 'Nearly Full', pin: POOL_PIN } } },
        { authorization: OPERATOR_AUTHORIZATION },
      );
      const full = String((opened.payloads[0]?.data?.openAccount as { accountId: string }).accountId);
      await replay('mutation deposit', { input: { accountId: full, amount: Number.MAX_SAFE_INTEGER } });
      await replay('mutation initiateDeposit', { input: { accountId: full, pin: POOL_PIN, amount: 1 } });
    });
  });
}
