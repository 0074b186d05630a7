/**
 * `isDatabaseUnavailableError` against the errors a real PostgreSQL restart produces, through the
 * application's own database connection (kysely on a `pg` pool) on a private cluster: a query cut by
 * an immediate stop, a query ended by a fast stop (57P01), a query while the server is down
 * (ECONNREFUSED). Errors that are not about reachability (bad SQL, a unique violation, domain
 * errors) must not count, or a client would retry what can never succeed.
 *
 * It also guards the pool against the crash the restart suite found: a connection lost while a query
 * holds it emits 'error' on a checked-out client, which took the process down (vitest reports it as an
 * unhandled error) until database-connection.ts gave every client a listener.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailableError } from '../../src/application/database-unavailable-errors.ts';
import { type DatabaseConnection, openDatabaseConnection } from '../../src/database/database-connection.ts';
import { WrongExpectedVersionError } from '../../src/event-store/event-store.ts';
import { PrivatePostgres, privatePostgresSupport, type StopMode } from '../support/private-postgres.ts';

const support = privatePostgresSupport();
if (!support.available) console.warn(`Database-unavailable error tests skipped: ${support.reason}.`);

describe.skipIf(!support.available)('isDatabaseUnavailableError on real PostgreSQL failures (private cluster)', () => {
  let cluster: PrivatePostgres;
  let connection: DatabaseConnection;

  beforeAll(async () => {
    cluster = await PrivatePostgres.create();
    connection = await openDatabaseConnection({ kind: 'postgres', url: cluster.url, poolSize: 2 });
  }, 60_000);
  afterAll(async () => {
    await connection?.close();
    await cluster?.destroy();
  });

  const failureOf = async (query: Promise<unknown>): Promise<unknown> => query.then(() => new Error('the query succeeded'), (error: unknown) => error);

  /** Runs a long query, stops the server in `mode` while it runs, and returns what the query threw. */
  const errorOfStopDuringQuery = async (mode: StopMode): Promise<unknown> => {
    const running = failureOf(sql`select pg_sleep(30)`.execute(connection.db));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cluster.stop(mode);
    return running;
  };

  it('recognises a query cut by an immediate stop, and queries while the server is down', async () => {
    const cut = await errorOfStopDuringQuery('immediate');
    const down = await failureOf(sql`select 1`.execute(connection.db));
    await cluster.start();
    expect(isDatabaseUnavailableError(cut), String(cut)).toBe(true);
    expect(isDatabaseUnavailableError(down), String(down)).toBe(true);
    expect(isDatabaseUnavailableError(new Error('lookup failed', { cause: down }))).toBe(true);
  });

  it('recognises a session ended by a fast stop (57P01)', async () => {
    const ended = await errorOfStopDuringQuery('fast');
    await cluster.start();
    expect(isDatabaseUnavailableError(ended), `${String(ended)} (code ${String((ended as { code?: unknown }).code)})`).toBe(true);
  });

  it('does not count errors a retry cannot cure', async () => {
    const badSql = await failureOf(sql`select * from no_such_table`.execute(connection.db));
    await sql`create table once_only (id int primary key)`.execute(connection.db);
    await sql`insert into once_only values (1)`.execute(connection.db);
    const duplicate = await failureOf(sql`insert into once_only values (1)`.execute(connection.db));
    expect(isDatabaseUnavailableError(badSql), String(badSql)).toBe(false);
    expect(isDatabaseUnavailableError(duplicate), String(duplicate)).toBe(false);
    expect(isDatabaseUnavailableError(new WrongExpectedVersionError('account-1', 3, 4))).toBe(false);
    expect(isDatabaseUnavailableError(new Error('Connection refused by the bank'))).toBe(false);
    expect(isDatabaseUnavailableError(undefined)).toBe(false);
  });
});
