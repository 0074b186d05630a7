/**
 * The invariant checks of test/support/bank-invariants.ts catch what they claim to: a short load on an
 * in-process PGlite server leaves a bank where every check holds; then the database is damaged on
 * purpose, one fault per check (a read-model balance off by a cent, a lost ledger row, wrong ATM cash,
 * a lost saga end, a missed subscriber event, a success the store does not hold, a deposit the store
 * holds though its answer said it was refused, one it lacks though it was acknowledged), and each
 * fault makes its check fail. Without this, a check that can never fail would pass
 * every load and crash run unnoticed.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankExpectations } from '../support/bank-invariant-types.ts';
import { checkBankInvariants, formatInvariantReport, type InvariantReport } from '../support/bank-invariants.ts';
import { type GraphQLHttpServer, startGraphQLHttpServer } from '../support/graphql-http-server.ts';
import { OPERATOR_AUTHORIZATION } from '../support/test-auth.ts';
import { type LoadOutcome, runLoadScenario } from './load-scenario.ts';

describe('the bank invariant checks (PGlite)', () => {
  let api: GraphQLHttpServer;
  let outcome: LoadOutcome;
  let expectations: BankExpectations;

  beforeAll(async () => {
    api = await startGraphQLHttpServer('pglite');
    const base = api.url.replace(/\/graphql$/, '');
    outcome = await runLoadScenario({
      leg: 'invariant check self-test',
      target: { url: () => api.url, healthUrl: () => `${base}/health`, authorization: OPERATOR_AUTHORIZATION },
      db: api.app.database.db,
      clients: 4,
      seconds: 2,
      seed: 1,
      subscriberEvery: 2,
      sharedAccounts: 1,
      thinkMs: 0,
      caughtUp: async () => (await api.app.readiness()).caughtUp,
      readyUrl: `${base}/ready`,
    });
    expectations = outcome.expectations;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('all hold after a clean load', () => {
    expect(outcome.invariants.ok, formatInvariantReport(outcome.invariants)).toBe(true);
    expect(expectations.acknowledged.length).toBeGreaterThan(0);
  });

  it('each fails on its own kind of damage', async () => {
    const db = api.app.database.db;
    await sql`update accounts set balance = balance + 1 where id = (select id from accounts order by id limit 1)`.execute(db);
    await sql`delete from account_transactions where event_id = (select event_id from account_transactions order by event_id limit 1)`.execute(db);
    await sql`update atms set cash = cash - 1 where id = (select id from atms order by id limit 1)`.execute(db);
    await sql`delete from events where position = (select min(position) from events where event_type in ('Tellers.MoneyWithdrawn', 'Tellers.WithdrawalDeclined', 'Tellers.MoneyDeposited', 'Tellers.DepositDeclined'))`.execute(db);
    const [subscriber] = expectations.subscribers;
    const [ack] = expectations.acknowledged;
    const deposit = expectations.intents.find((i) => i.kind === 'deposit' && i.expected === 'one');
    if (!subscriber || !ack || !deposit) throw new Error('the clean load had no subscriber, acknowledgement or deposit to damage');
    const damaged: BankExpectations = {
      ...expectations,
      subscribers: [{ ...subscriber, positions: subscriber.positions.slice(1) }, ...expectations.subscribers.slice(1)],
      acknowledged: [{ ...ack, position: ack.position + 1_000_000 }, ...expectations.acknowledged.slice(1)],
      intents: [...expectations.intents.map((i) => (i === deposit ? { ...i, expected: 'none' as const } : i)), { ...deposit, match: 'never sent' }],
    };
    const report = await checkBankInvariants(db, damaged);
    const failed = (fragment: string): boolean => failuresOf(report, fragment) > 0;
    const text = formatInvariantReport(report);
    expect(report.ok, text).toBe(false);
    expect(failed('event log'), text).toBe(true);
    expect(failed('read-model balance'), text).toBe(true);
    expect(failed('one ledger row per money event'), text).toBe(true);
    expect(failed('ATMs: cash'), text).toBe(true);
    expect(failed('ended exactly once'), text).toBe(true);
    expect(failed('subscribers'), text).toBe(true);
    expect(failed('acknowledged successes'), text).toBe(true);
    expect(failed('mutations'), text).toBe(true);
  });
});

function failuresOf(report: InvariantReport, fragment: string): number {
  return report.checks.filter((c) => c.name.includes(fragment)).reduce((sum, c) => sum + c.failureCount, 0);
}
