/**
 * One database for read-model tests: a per-file test database with the real PostgreSQL event store
 * wrapped for upcasting (as every reader gets it), the bank's projections on the live tables, and a
 * history writer. Projections are fed either by their real runner (`catchUp`) or by calling `handle`
 * directly with recorded events (`deliver`), which bypasses the checkpoint so a test can deliver the
 * same events twice.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { createProjectionRunner } from '../../src/application/projection-runner.ts';
import { eventUpcasterChain } from '../../src/domain/event-type-catalog.ts';
import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.ts';
import { createPostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.ts';
import { createUpcastingEventStore } from '../../src/event-store/upcasting-event-store.ts';
import { createReadModelProjections, type ReadModelName, type ReadModelProjections } from '../../src/read-models/read-model-projections.ts';
import type { ReadModelTables } from '../../src/read-models/read-model-tables.ts';
import { type BankHistoryWriter, createBankHistoryWriter } from './bank-history-writer.ts';
import { openTestDatabase, type TestDatabase, type TestDatabaseKind } from './test-database.ts';

/** Every read-model table with the column that orders its rows for a snapshot. */
export const READ_MODEL_TABLE_KEYS = {
  accounts: 'id',
  account_transactions: 'event_id',
  atms: 'id',
  withdrawals: 'id',
  deposits: 'id',
} as const;

export type TableSnapshot = Record<keyof typeof READ_MODEL_TABLE_KEYS, Record<string, unknown>[]>;

export interface ReadModelHarness {
  readonly database: TestDatabase;
  readonly db: Kysely<ReadModelTables>;
  /** The upcasting store over the PostgreSQL adapter. */
  readonly eventStore: EventStore;
  readonly projections: ReadModelProjections;
  readonly writer: BankHistoryWriter;
  /** Runs the projection's real runner on the live tables until it has processed the head. */
  catchUp(...names: ReadModelName[]): Promise<void>;
  /** Calls the projection's `handle` with `events` (those of its types) in one transaction, ignoring the checkpoint. */
  deliver(name: ReadModelName, events: readonly RecordedEvent[]): Promise<void>;
  /** Every event of the store, upcast. */
  readAllEvents(): Promise<RecordedEvent[]>;
  /** Every row of every read-model table, in key order. */
  snapshot(): Promise<TableSnapshot>;
  close(): Promise<void>;
}

export async function openReadModelHarness(kind: TestDatabaseKind): Promise<ReadModelHarness> {
  const database = await openTestDatabase(kind);
  const db = database.db as Kysely<ReadModelTables>;
  const eventStore = createUpcastingEventStore(createPostgresEventStore(database), eventUpcasterChain);
  const projections = createReadModelProjections(db);
  const harness: ReadModelHarness = {
    database,
    db,
    eventStore,
    projections,
    writer: createBankHistoryWriter(eventStore),

    async catchUp(...names) {
      const head = await eventStore.headPosition();
      for (const name of names.length > 0 ? names : projections.all.map((p) => p.name)) {
        const { projection } = projections.byName[name];
        await createProjectionRunner({ eventStore, projectionStore: projections.projectionStore, projection }).runUntil(head);
      }
    },

    async deliver(name, events) {
      const { projection } = projections.byName[name];
      const handled = events.filter((event) => projection.eventTypes.includes(event.eventType));
      if (handled.length === 0) return;
      await projections.projectionStore.transaction((tx) => projection.handle(tx, handled));
    },

    readAllEvents: () => eventStore.readAll({ limit: 1_000_000 }),

    snapshot: () => snapshotReadModels(db),

    async close() {
      await eventStore.close();
      await database.close();
    },
  };
  return harness;
}

export async function snapshotReadModels(db: Kysely<ReadModelTables>): Promise<TableSnapshot> {
  const snapshot: Partial<TableSnapshot> = {};
  for (const [table, key] of Object.entries(READ_MODEL_TABLE_KEYS) as [keyof TableSnapshot, string][]) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.ref(key)}`.execute(db);
    snapshot[table] = rows;
  }
  return snapshot as TableSnapshot;
}

/** The schemas a rebuild left behind (none after a swap or a discard). */
export async function rebuildSchemasLeft(db: Kysely<ReadModelTables>): Promise<string[]> {
  const { rows } = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like 'esbank_rebuild_%' order by nspname`.execute(db);
  return rows.map((row) => row.nspname);
}
