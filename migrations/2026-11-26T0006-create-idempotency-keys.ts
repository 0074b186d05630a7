import { type Kysely, sql } from 'kysely';

/**
 * One row per idempotency key a client sent with a mutation (src/application/idempotency.ts), within
 * its scope (who sent it). `input_digest` is an HMAC of the operation and its input, never the input,
 * which can hold a PIN. A `pending` row is being executed by whoever holds the lease (`lease_token`,
 * until `lease_until`); a `completed` row holds the result to replay. `execution_id` seeds the ids the
 * command uses, so a retry after a crash re-runs it with the same ids. Rows are deleted once
 * `expires_at` has passed (at least 24 hours after `created_at`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('input_digest', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'completed')`))
    .addColumn('result', 'jsonb')
    .addColumn('execution_id', 'uuid', (c) => c.notNull())
    .addColumn('lease_token', 'uuid', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lease_until', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_at_idx').on('idempotency_keys').column('expires_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
}
