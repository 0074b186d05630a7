/**
 * Per-file databases for integration tests: a fresh in-memory PGlite, or a fresh database created on
 * the PostgreSQL server named by DATABASE_URL (dropped again on close), so test files run in parallel
 * without seeing each other's rows.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type DatabaseConnection, openDatabaseConnection } from '../../src/database/database-connection.ts';
import { migrateToLatestOrThrow } from '../../src/database/database-migrator.ts';

export type TestDatabaseKind = 'pglite' | 'postgres';

export interface TestDatabase extends DatabaseConnection {
  /** The URL of the per-test database (postgres only), for tests that start a server process. */
  readonly url: string | undefined;
}

/** The database kinds this run covers: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function openTestDatabase(kind: TestDatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const connection = kind === 'pglite' ? await openPgliteTestDatabase() : await openPostgresTestDatabase();
  if (options.migrate !== false) await migrateToLatestOrThrow(connection.db);
  return connection;
}

async function openPgliteTestDatabase(): Promise<TestDatabase> {
  const connection = await openDatabaseConnection({ kind: 'pglite' });
  return { ...connection, url: undefined };
}

async function openPostgresTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: the PostgreSQL leg cannot run.');
  const name = `esbank_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withPgClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = databaseUrlWithName(serverUrl, name);
  const connection = await openDatabaseConnection({ kind: 'postgres', url, poolSize: 12 });
  return {
    ...connection,
    url,
    async close() {
      await connection.close();
      await withPgClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Runs `use` with one connection to `url`, closed afterwards. */
export async function withPgClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export function databaseUrlWithName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
