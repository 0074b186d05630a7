/**
 * The projection store on PostgreSQL (pg or PGlite) through kysely: projections write their rows
 * through the kysely transaction it hands out, and their checkpoints live in `projection_checkpoints`
 * (migrations/…-create-projection-checkpoints.ts) in that same transaction.
 */
import { type ColumnType, type Kysely, sql, type Transaction } from 'kysely';
import type { ProjectionStore } from '../application/projection.ts';
import type { GlobalPosition } from '../event-store/event-store.ts';

export interface ProjectionCheckpointsTable {
  projection_name: string;
  position: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ProjectionCheckpointTables {
  projection_checkpoints: ProjectionCheckpointsTable;
}

/**
 * A {@link ProjectionStore} whose transactions are kysely transactions over `DB`, the read-model
 * schema the projections write to.
 */
export function createProjectionCheckpointStore<DB>(db: Kysely<DB>): ProjectionStore<Transaction<DB>> {
  const checkpoints = (executor: Kysely<DB>): Kysely<ProjectionCheckpointTables> =>
    executor as unknown as Kysely<ProjectionCheckpointTables>;

  const selectPosition = async (tx: Transaction<DB>, projectionName: string): Promise<GlobalPosition | undefined> => {
    const row = await checkpoints(tx)
      .selectFrom('projection_checkpoints')
      .select('position')
      .where('projection_name', '=', projectionName)
      .forUpdate()
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.position);
  };

  return {
    transaction: (fn) => db.transaction().execute(fn),

    async readCheckpoint(projectionName) {
      const row = await checkpoints(db)
        .selectFrom('projection_checkpoints')
        .select('position')
        .where('projection_name', '=', projectionName)
        .executeTakeFirst();
      return Number(row?.position ?? 0);
    },

    async readCheckpointForUpdate(tx, projectionName) {
      const stored = await selectPosition(tx, projectionName);
      if (stored !== undefined) return stored;
      // No row to lock yet: create it. A concurrent first transaction of the same projection makes
      // this insert wait for its commit and do nothing; the select then sees (and locks) its row.
      await checkpoints(tx)
        .insertInto('projection_checkpoints')
        .values({ projection_name: projectionName, position: 0 })
        .onConflict((oc) => oc.column('projection_name').doNothing())
        .execute();
      return (await selectPosition(tx, projectionName)) ?? 0;
    },

    async writeCheckpoint(tx, projectionName, position) {
      await checkpoints(tx)
        .insertInto('projection_checkpoints')
        .values({ projection_name: projectionName, position, updated_at: sql<Date>`now()` })
        .onConflict((oc) => oc.column('projection_name').doUpdateSet({ position, updated_at: sql<Date>`now()` }))
        .execute();
    },
  };
}
