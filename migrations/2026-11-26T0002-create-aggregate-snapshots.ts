import { type Kysely, sql } from 'kysely';

/**
 * One snapshot per stream: the latest saved state of an aggregate (see src/application/snapshot-store.ts).
 * `stream_version` is the last event folded into `state`, `state_version` the shape of `state`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('aggregate_snapshots')
    .addColumn('stream_id', 'text', (c) => c.primaryKey())
    .addColumn('stream_version', 'integer', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('state_version', 'integer', (c) => c.notNull())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('taken_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('aggregate_snapshots').execute();
}
