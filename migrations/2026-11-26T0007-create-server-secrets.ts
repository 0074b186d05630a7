import type { Kysely } from 'kysely';

/**
 * Secrets the server makes for itself when none is configured: outside production, without
 * ESBANK_TOKEN_SECRET, the key that signs session tokens and idempotency digests is made once and kept
 * here, so tokens and idempotency keys survive a restart of a development server. Production sets
 * ESBANK_TOKEN_SECRET and never reads this table.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('server_secrets').execute();
}
