/**
 * The PostgreSQL side of a projection rebuild (application/projection-rebuild.ts): the projection is
 * replayed into copies of its tables in a shadow schema, which then replace the live tables in ONE
 * transaction, so a reader sees either the old complete tables or the new complete ones.
 *
 * - `prepare` creates the schema `esbank_rebuild_<projection>` with an empty copy of each table
 *   (`like <live>.<table> including all`: columns, defaults, constraints, indexes and their names) and
 *   its own `projection_checkpoints`, and returns a checkpoint store writing there
 *   (`db.withSchema(shadow)`): the projection writes unqualified table names, so it lands in the copies.
 *   Creating the schema fails while it exists, so two rebuilds of one projection cannot run together.
 * - `trySwap`, in one transaction: takes the live checkpoint row FOR UPDATE. Every batch of a live
 *   runner of this projection, in any process, starts by locking that row, so from here none is in
 *   flight and the next one waits. If the live checkpoint is past the shadow's, it gives up (the
 *   rebuild catches up and retries). Otherwise it locks the live tables (ACCESS EXCLUSIVE: readers in
 *   the middle of a query finish first, new ones wait), moves them into a scratch schema, moves the
 *   shadow tables into the live schema, sets the live checkpoint to the shadow's and drops both
 *   schemas. When it commits, waiting readers look their table up again and find the new one, and the
 *   waiting live runner reads the new checkpoint and skips every event the new tables already hold.
 *   When the locks are not granted within `lockTimeoutMs`, nothing changes and the swap answers
 *   `busy`; the rebuild catches up and tries again.
 *
 * The swap reads no events: PGlite has one connection, which the open transaction holds.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { ProjectionRebuildTarget, ProjectionSwapOutcome } from '../application/projection-rebuild.ts';
import { createProjectionCheckpointStore } from './projection-checkpoints.ts';
import type { ReadModelTables } from './read-model-tables.ts';

export interface ProjectionTableSwapOptions {
  /** The projection's name: its checkpoint key, and the shadow schema's suffix. */
  readonly projection: string;
  /** The tables the projection owns; they are rebuilt and swapped together. */
  readonly tables: readonly (keyof ReadModelTables)[];
  /** The schema of the live tables (default `public`). */
  readonly liveSchema?: string;
  /** How long the swap waits for readers and live runners to let go of the tables (default 10 s). */
  readonly lockTimeoutMs?: number;
}

/** The shadow schema of a projection's rebuild: `esbank_rebuild_<name>`, with anything but [a-z0-9] as `_`. */
export function rebuildSchemaName(projection: string): string {
  return `esbank_rebuild_${projection.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
}

export function createProjectionTableSwap(
  db: Kysely<ReadModelTables>,
  options: ProjectionTableSwapOptions,
): ProjectionRebuildTarget<Transaction<ReadModelTables>> {
  const { projection, tables } = options;
  const live = options.liveSchema ?? 'public';
  const shadow = rebuildSchemaName(projection);
  const retired = `${shadow}_retired`;
  const lockTimeout = `${Math.max(1, Math.round(options.lockTimeoutMs ?? 10_000))}ms`;
  const copied = [...tables, 'projection_checkpoints'];

  const assertLiveTablesExistOrThrow = async (): Promise<void> => {
    for (const table of copied) {
      const { rows } = await sql<{ found: string | null }>`select to_regclass(${`${live}.${table}`})::text as found`.execute(db);
      if (!rows[0]?.found) {
        throw new Error(`The table ${live}.${table} does not exist, so projection "${projection}" cannot be rebuilt. Run "npm run migrate" first.`);
      }
    }
  };

  return {
    async prepare() {
      await assertLiveTablesExistOrThrow();
      await db.transaction().execute(async (tx) => {
        try {
          await sql`create schema ${sql.id(shadow)}`.execute(tx);
        } catch (cause) {
          throw new RebuildInProgressError(
            `Projection "${projection}" cannot be rebuilt now: the schema ${shadow} exists, so another rebuild of it is ` +
              `running, or one was interrupted. If none is running, remove it with: DROP SCHEMA ${shadow} CASCADE;`,
            { cause },
          );
        }
        for (const table of copied) {
          await sql`create table ${sql.id(shadow, table)} (like ${sql.id(live, table)} including all)`.execute(tx);
        }
      });
      return createProjectionCheckpointStore(db.withSchema(shadow));
    },

    trySwap: () =>
      swapOrRefuse().catch((error: unknown) => {
        if (isLockTimeout(error)) return { swapped: false as const, reason: 'busy' as const, livePosition: 0 };
        throw error;
      }),

    async discard() {
      await sql`drop schema if exists ${sql.id(shadow)} cascade`.execute(db);
    },
  };

  function swapOrRefuse(): Promise<ProjectionSwapOutcome> {
    return db.transaction().execute(async (tx) => {
      await sql`set local lock_timeout = ${sql.lit(lockTimeout)}`.execute(tx);
      const liveTx = tx.withSchema(live);
      await liveTx
        .insertInto('projection_checkpoints')
        .values({ projection_name: projection, position: 0 })
        .onConflict((oc) => oc.column('projection_name').doNothing())
        .execute();
      const liveRow = await liveTx
        .selectFrom('projection_checkpoints')
        .select('position')
        .where('projection_name', '=', projection)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const shadowRow = await tx
        .withSchema(shadow)
        .selectFrom('projection_checkpoints')
        .select('position')
        .where('projection_name', '=', projection)
        .executeTakeFirst();
      const livePosition = Number(liveRow.position);
      const position = Number(shadowRow?.position ?? 0);
      if (position < livePosition) return { swapped: false, reason: 'behind', livePosition };

      const liveTables = sql.join(tables.map((table) => sql.id(live, table)));
      await sql`lock table ${liveTables} in access exclusive mode`.execute(tx);
      await sql`create schema ${sql.id(retired)}`.execute(tx);
      for (const table of tables) await sql`alter table ${sql.id(live, table)} set schema ${sql.id(retired)}`.execute(tx);
      for (const table of tables) await sql`alter table ${sql.id(shadow, table)} set schema ${sql.id(live)}`.execute(tx);
      await liveTx
        .updateTable('projection_checkpoints')
        .set({ position, updated_at: sql<Date>`now()` })
        .where('projection_name', '=', projection)
        .execute();
      await sql`drop schema ${sql.id(retired)} cascade`.execute(tx);
      await sql`drop schema ${sql.id(shadow)} cascade`.execute(tx);
      return { swapped: true, position };
    });
  }
}

/** PostgreSQL's `lock_not_available` (55P03): `lock_timeout` ran out while readers or a live runner held the tables. */
function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '55P03';
}
