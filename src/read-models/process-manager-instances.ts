/**
 * The process-manager instance store on PostgreSQL (pg or PGlite) through kysely: instance states in
 * `process_manager_instances` (migrations/…-create-process-manager-instances.ts), and the runner's
 * checkpoint in `projection_checkpoints` under the name `process-manager:<name>`, written in the same
 * transaction as the instance it goes with.
 */
import { type ColumnType, type Kysely, sql, type Transaction } from 'kysely';
import type { ProcessManagerInstanceStore } from '../application/process-manager-instance-store.ts';
import type { JsonValue } from '../event-store/event-store.ts';
import { createProjectionCheckpointStore, type ProjectionCheckpointTables } from './projection-checkpoints.ts';

export interface ProcessManagerInstancesTable {
  process_manager: string;
  instance_id: string;
  state: ColumnType<JsonValue, string, string>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ProcessManagerInstanceTables extends ProjectionCheckpointTables {
  process_manager_instances: ProcessManagerInstancesTable;
}

/** The key of a process manager's checkpoint among the projections' checkpoints. */
export function processManagerCheckpointName(processManager: string): string {
  return `process-manager:${processManager}`;
}

/** jsonb from a JSON text: both drivers then hand the value back parsed, arrays included. */
const jsonb = (value: JsonValue) => sql<string>`${JSON.stringify(value)}::jsonb`;

export function createProcessManagerInstanceStore(
  db: Kysely<ProcessManagerInstanceTables>,
): ProcessManagerInstanceStore<Transaction<ProcessManagerInstanceTables>> {
  const checkpoints = createProjectionCheckpointStore(db);

  return {
    async load(processManager, instanceId) {
      const row = await db
        .selectFrom('process_manager_instances')
        .select('state')
        .where('process_manager', '=', processManager)
        .where('instance_id', '=', instanceId)
        .executeTakeFirst();
      return row?.state;
    },

    transaction: (fn) => db.transaction().execute(fn),

    async save(tx, processManager, instanceId, state) {
      await tx
        .insertInto('process_manager_instances')
        .values({ process_manager: processManager, instance_id: instanceId, state: jsonb(state), updated_at: sql<Date>`now()` })
        .onConflict((oc) =>
          oc.columns(['process_manager', 'instance_id']).doUpdateSet({ state: jsonb(state), updated_at: sql<Date>`now()` }),
        )
        .execute();
    },

    async remove(tx, processManager, instanceId) {
      await tx
        .deleteFrom('process_manager_instances')
        .where('process_manager', '=', processManager)
        .where('instance_id', '=', instanceId)
        .execute();
    },

    readCheckpoint: (processManager) => checkpoints.readCheckpoint(processManagerCheckpointName(processManager)),
    readCheckpointForUpdate: (tx, processManager) =>
      checkpoints.readCheckpointForUpdate(tx, processManagerCheckpointName(processManager)),
    writeCheckpoint: (tx, processManager, position) =>
      checkpoints.writeCheckpoint(tx, processManagerCheckpointName(processManager), position),
  };
}
