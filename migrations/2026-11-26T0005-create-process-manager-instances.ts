import { type Kysely, sql } from 'kysely';

/**
 * One row per running saga instance: the process manager's name, the instance id its events route
 * to, and the instance's state as JSON. A stopped instance is deleted. The process-manager runner
 * writes a row in the same transaction as its checkpoint, which lives in `projection_checkpoints`
 * under the name `process-manager:<name>`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('process_manager_instances')
    .addColumn('process_manager', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('process_manager_instances_pkey', ['process_manager', 'instance_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('process_manager_instances').execute();
}
