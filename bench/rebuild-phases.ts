/**
 * Where the time of a projection rebuild goes, for the rebuild benchmark's notes: one diagnostic
 * rebuild of each read model through the same code as `esbank rebuild` (rebuildProjection into the
 * shadow-schema table swap, reading the upcasting store), but on a kysely instance that logs every
 * statement with its duration. Each projection's time then splits into its own statements (the rows
 * it writes), checkpoints and transaction control, and reading events; the reads run ahead of the
 * writes on another pooled connection, so they overlap them. A last run applies nothing (a projection
 * that handles no type): the runner's read path alone, the ceiling of any projection through it.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Projection } from '../src/application/projection.ts';
import { rebuildProjection } from '../src/application/projection-rebuild.ts';
import { REBUILD_BATCH_SIZE } from '../src/cli/rebuild-command.ts';
import { createProjectionRunner } from '../src/application/projection-runner.ts';
import { openDatabaseConnection } from '../src/database/database-connection.ts';
import { eventUpcasterChain } from '../src/domain/event-type-catalog.ts';
import { createPostgresEventStore } from '../src/event-store/postgres/postgres-event-store.ts';
import { createUpcastingEventStore } from '../src/event-store/upcasting-event-store.ts';
import { createProjectionCheckpointStore } from '../src/read-models/projection-checkpoints.ts';
import { createProjectionTableSwap } from '../src/read-models/projection-table-swap.ts';
import { createReadModelProjections } from '../src/read-models/read-model-projections.ts';
import type { ReadModelTables } from '../src/read-models/read-model-tables.ts';

export type StatementKind = 'projection' | 'checkpoint' | 'transaction' | 'eventRead' | 'swap';

export interface StatementTotals {
  readonly count: number;
  readonly milliseconds: number;
}

export interface ProjectionPhases {
  readonly projection: string;
  readonly seconds: number;
  /** Events of the types the projection handles. */
  readonly eventsApplied: number;
  readonly statements: Readonly<Record<StatementKind, StatementTotals>>;
}

const INT8_OID = 20;

function statementKind(text: string): StatementKind {
  const sql = text.trimStart().toLowerCase();
  if (/^(begin|commit|rollback|start transaction|set local)/.test(sql)) return 'transaction';
  if (sql.includes('"projection_checkpoints"')) return 'checkpoint';
  if (sql.includes('from "events"')) return 'eventRead';
  if (/^(create|alter|drop|lock|select to_regclass)/.test(sql)) return 'swap';
  return 'projection';
}

function emptyTotals(): Record<StatementKind, { count: number; milliseconds: number }> {
  const zero = (): { count: number; milliseconds: number } => ({ count: 0, milliseconds: 0 });
  return { projection: zero(), checkpoint: zero(), transaction: zero(), eventRead: zero(), swap: zero() };
}

/** Rebuilds each read model once on the database at `url`, timing its statements by kind; then the read path alone. */
export async function measureRebuildPhases(url: string): Promise<ProjectionPhases[]> {
  let totals = emptyTotals();
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // As the product's opener: bigint columns as numbers.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      const entry = totals[statementKind(event.query.sql)];
      entry.count += 1;
      entry.milliseconds += event.queryDurationMillis;
    },
  });
  // The live tail listens for NOTIFY on a connection of its own: the product's, unlogged.
  const listening = await openDatabaseConnection({ kind: 'postgres', url, poolSize: 1 });
  const eventStore = createUpcastingEventStore(createPostgresEventStore({ db, listen: (...args) => listening.listen(...args) }), eventUpcasterChain);
  const phases: ProjectionPhases[] = [];
  const measure = async (projection: string, run: () => Promise<number>): Promise<void> => {
    totals = emptyTotals();
    const started = performance.now();
    const eventsApplied = await run();
    phases.push({ projection, seconds: (performance.now() - started) / 1000, eventsApplied, statements: totals });
  };
  try {
    const readModelDb = db as Kysely<ReadModelTables>;
    for (const { name, projection, tables } of createReadModelProjections(readModelDb).all) {
      await measure(name, async () => (await rebuildProjection({ eventStore, projection, target: createProjectionTableSwap(readModelDb, { projection: name, tables }), batchSize: REBUILD_BATCH_SIZE })).eventsApplied);
    }
    const readOnly: Projection<unknown> = { name: 'bench-read-path', eventTypes: [], handle: async () => {} };
    await measure('(read path, no writes)', async () => {
      const runner = createProjectionRunner({ eventStore, projectionStore: createProjectionCheckpointStore(db), projection: readOnly, fromPosition: 0 });
      await runner.runUntil(await eventStore.headPosition());
      return 0;
    });
  } finally {
    await eventStore.close();
    await db.destroy();
    await listening.close();
  }
  return phases;
}
