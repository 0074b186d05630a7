import { type Kysely, sql } from 'kysely';

/**
 * The event store's one table. `position` is the global order, handed out under a lock held until
 * commit (see postgres-event-store.ts), so positions are contiguous and commit-ordered.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('position', 'bigint', (c) => c.primaryKey())
    .addColumn('stream_id', 'text', (c) => c.notNull())
    .addColumn('stream_version', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('schema_version', 'integer', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('metadata', 'jsonb', (c) => c.notNull())
    .addColumn('causation_id', 'uuid')
    .addColumn('correlation_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('events_stream_id_stream_version_key').unique().on('events').columns(['stream_id', 'stream_version']).execute();
  await db.schema.createIndex('events_event_id_key').unique().on('events').column('event_id').execute();
  await db.schema.createIndex('events_correlation_id_idx').on('events').columns(['correlation_id', 'position']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('events').execute();
}
