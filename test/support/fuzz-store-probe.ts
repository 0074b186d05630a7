/**
 * What one request changed in the store: the events appended after it (read back from the event store)
 * and the read-model tables whose row count moved, measured between two quiet moments. `markStore`
 * and `changesSince` both wait for `settle()` (every projection and saga caught up, the head stable),
 * so with requests sent one at a time the difference belongs to that request alone, including what an
 * EVENTUAL ATM operation's saga appends after the answer.
 *
 * The read-model tables are found in the database, not listed here, so a new read model is counted the
 * day it is added; the tables that are not read models are left out by name.
 */
import { sql } from 'kysely';
import type { RecordedEvent } from '../../src/event-store/event-store.ts';
import type { GraphQLHttpServer } from './graphql-http-server.ts';

/** Not read models: the event store itself, caches and bookkeeping. */
const NOT_READ_MODELS = new Set(['events', 'aggregate_snapshots', 'idempotency_keys', 'kysely_migration', 'kysely_migration_lock']);

export interface StoreMark {
  readonly head: number;
  readonly rows: Readonly<Record<string, number>>;
  readonly logLines: number;
}

export interface StoreChanges {
  readonly appended: readonly RecordedEvent[];
  /** `table: before → after` for each read-model table whose row count changed. */
  readonly rowChanges: readonly string[];
  /** The log lines written since the mark. */
  readonly newLogLines: readonly string[];
}

export async function readModelTables(api: GraphQLHttpServer): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(api.app.database.db);
  return rows.map((row) => row.table_name).filter((name) => !NOT_READ_MODELS.has(name));
}

async function rowCounts(api: GraphQLHttpServer, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(api.app.database.db);
    counts[table] = Number(rows[0]?.n);
  }
  return counts;
}

export async function markStore(api: GraphQLHttpServer, tables: readonly string[]): Promise<StoreMark> {
  await api.settle();
  return { head: await api.app.eventStore.headPosition(), rows: await rowCounts(api, tables), logLines: api.app.logLines().length };
}

export async function changesSince(api: GraphQLHttpServer, tables: readonly string[], mark: StoreMark): Promise<StoreChanges> {
  await api.settle();
  const appended: RecordedEvent[] = [];
  for (;;) {
    const page = await api.app.eventStore.readAll({ fromPosition: appended.at(-1)?.position ?? mark.head, limit: 500 });
    appended.push(...page);
    if (page.length < 500) break;
  }
  const rows = await rowCounts(api, tables);
  const rowChanges = tables.filter((table) => rows[table] !== mark.rows[table]).map((table) => `${table}: ${mark.rows[table]} → ${rows[table]}`);
  return { appended, rowChanges, newLogLines: api.app.logLines().slice(mark.logLines) };
}
