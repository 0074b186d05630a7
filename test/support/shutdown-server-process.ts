/**
 * A database for a spawned `node src/main.ts` (server-process.ts) of either kind, so the tests of the
 * real process (graceful shutdown, production mode) run on PGlite as well as on PostgreSQL:
 *
 * - `postgres`: a fresh database on the server named by DATABASE_URL, dropped by `dispose`;
 * - `pglite`: a fresh temporary data folder (`ESBANK_DATA_DIR`, with `DATABASE_URL` empty, which the
 *   config reads as unset), deleted by `dispose`. Only one process may open it at a time: start the
 *   next server, or call `execute`, only after the previous one has exited.
 *
 * `startServer` starts ServerProcess on it (unchanged: the same defaults as the load and crash suites,
 * overridden by `env`); pass `port` to restart on the port a previous server had.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabaseConnection } from '../../src/database/database-connection.ts';
import { ServerProcess } from './server-process.ts';
import { databaseUrlWithName, type TestDatabaseKind, withPgClient } from './test-database.ts';

export interface ServerDatabase {
  readonly kind: TestDatabaseKind;
  /** The variables that point a spawned server at this database. */
  readonly env: Readonly<Record<string, string>>;
  /** Runs SQL statements on the database (for PGlite: only while no server has it open). */
  execute(statements: string): Promise<void>;
  /** Drops the database, or deletes the data folder. */
  dispose(): Promise<void>;
}

export interface StartServerOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly port?: number;
}

export async function createServerDatabase(kind: TestDatabaseKind): Promise<ServerDatabase> {
  return kind === 'postgres' ? createPostgresServerDatabase() : createPgliteServerDatabase();
}

export function startServer(database: ServerDatabase, { env = {}, port }: StartServerOptions = {}): Promise<ServerProcess> {
  return ServerProcess.start({
    databaseUrl: database.env.DATABASE_URL ?? '',
    env: { ...database.env, ...env },
    ...(port === undefined ? {} : { port }),
  });
}

async function createPostgresServerDatabase(): Promise<ServerDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: the PostgreSQL leg cannot run.');
  const name = `esbank_server_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withPgClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = databaseUrlWithName(serverUrl, name);
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url },
    execute: (statements) => withPgClient(url, async (client) => void (await client.query(statements))),
    dispose: () => withPgClient(serverUrl, async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

async function createPgliteServerDatabase(): Promise<ServerDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'esbank-server-'));
  return {
    kind: 'pglite',
    env: { DATABASE_URL: '', ESBANK_DATA_DIR: dataDir },
    async execute(statements) {
      const connection = await openDatabaseConnection({ kind: 'pglite', dataDir });
      try {
        for (const statement of statements.split(';').filter((text) => text.trim() !== '')) await sql.raw(statement).execute(connection.db);
      } finally {
        await connection.close();
      }
    },
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
}

