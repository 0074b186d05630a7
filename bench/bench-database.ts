/**
 * Databases for the benchmarks that need a log of their own (rebuild, scaling): a fresh PostgreSQL
 * database migrated like the server's, dropped again at the end (also after a failure), and the raw
 * keyset read, the ceiling of every reader of the log: `select * … where position > $1 order by
 * position limit 1000`, page after page, on a pg connection of its own with a prepared statement.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabaseConnection, type DatabaseConnection } from '../src/database/database-connection.ts';
import { migrateToLatestOrThrow } from '../src/database/database-migrator.ts';
import { benchServerUrl } from './bench-results.ts';
import { progress } from './bench-support.ts';

export interface BenchDatabase {
  /** `esbank_bench_<label>_<random>`. */
  readonly name: string;
  readonly url: string;
  /** A pool of 10 through the product's own opener, migrated to the latest schema. */
  readonly connection: DatabaseConnection;
  /** Closes the pool and drops the database (`with (force)`, so lingering connections do not stop it). */
  drop(): Promise<void>;
}

/** Creates and migrates a database of its own on the benchmark server (DATABASE_URL). */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const name = `esbank_bench_${label}_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const url = new URL(benchServerUrl());
  url.pathname = `/${name}`;
  await withAdminClient((admin) => admin.query(`create database ${name}`));
  const drop = (): Promise<unknown> => withAdminClient((admin) => admin.query(`drop database if exists ${name} with (force)`));
  let connection: DatabaseConnection | undefined;
  try {
    connection = await openDatabaseConnection({ kind: 'postgres', url: url.toString(), poolSize: 10 });
    await migrateToLatestOrThrow(connection.db);
  } catch (error) {
    await connection?.close().catch(() => {});
    await drop();
    throw error;
  }
  const opened = connection;
  const database: BenchDatabase = {
    name,
    url: url.toString(),
    connection: opened,
    async drop() {
      openDatabases.delete(database);
      await opened.close().catch(() => {});
      await drop();
    },
  };
  dropOnInterrupt(database);
  return database;
}

const openDatabases = new Set<BenchDatabase>();
let interruptHandled = false;

/** Ctrl-C or SIGTERM skips `finally` blocks: the databases still open are dropped before the process ends. */
function dropOnInterrupt(database: BenchDatabase): void {
  if (!interruptHandled) {
    interruptHandled = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        progress(`${signal}: dropping the benchmark databases`);
        void Promise.allSettled([...openDatabases].map((d) => d.drop())).then(() => process.exit(130));
      });
    }
  }
  openDatabases.add(database);
}

async function withAdminClient<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: benchServerUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Runs one statement with parameters: a pg client, or PGlite's `query`. */
export type RawQuery = (text: string, params: unknown[], name?: string) => Promise<{ rows: Record<string, unknown>[] }>;

export function rawQueryOf(client: pg.Client): RawQuery {
  return (text, params, name) => client.query({ text, values: params, ...(name ? { name } : {}) });
}

/**
 * Reads `table` after position `from` up to `upTo` in keyset pages of 1 000 rows, every column, as
 * any reader of the log must; returns the rows read. `table` is one of the benchmarks' own names.
 */
export async function readKeysetPages(query: RawQuery, table: 'events' | 'raw_events', from: number, upTo = Number.MAX_SAFE_INTEGER): Promise<number> {
  let after = from;
  let count = 0;
  for (;;) {
    const { rows } = await query(`select * from ${table} where position > $1 order by position limit 1000`, [after], `keyset_${table}`);
    const last = rows.at(-1);
    if (!last) return count;
    for (const row of rows) {
      if (Number(row.position) > upTo) return count;
      count += 1;
    }
    after = Number(last.position);
  }
}
