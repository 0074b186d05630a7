import { type Kysely, sql } from 'kysely';

/**
 * The read models (src/read-models/…): accounts with their ledger, ATMs, and ATM withdrawals and
 * deposits. Amounts are cents in bigint. `position` is the global position of the last event applied
 * to a row: projections only update a row with a later event, so a redelivered event changes nothing.
 * No table holds a PIN or a PIN hash.
 *
 * Index and constraint names follow PostgreSQL's own naming (`<table>_pkey`, `<table>_<columns>_idx`),
 * so a rebuild, which copies the tables with `create table … (like … including all)`, keeps them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('OPEN', 'LOCKED', 'CLOSED')`))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_opened_at_id_idx').on('accounts').columns(['opened_at', 'id']).execute();

  await db.schema
    .createTable('account_transactions')
    .addColumn('event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('account_id', 'uuid', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('DEPOSIT', 'WITHDRAWAL', 'REFUND')`))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('balance_after', 'bigint', (c) => c.notNull())
    .addColumn('atm_id', 'uuid')
    .addColumn('operation_id', 'uuid')
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('account_transactions_account_id_position_idx')
    .on('account_transactions')
    .columns(['account_id', 'position'])
    .execute();

  await db.schema
    .createTable('atms')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('cash', 'bigint', (c) => c.notNull())
    .addColumn('reserved', 'bigint', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();

  for (const [table, statuses] of [
    ['withdrawals', `'PENDING', 'COMPLETED', 'DECLINED', 'REFUNDED'`],
    ['deposits', `'PENDING', 'COMPLETED', 'DECLINED'`],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('account_id', 'uuid', (c) => c.notNull())
      .addColumn('atm_id', 'uuid', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${sql.raw(statuses)})`))
      .addColumn('reason', 'text')
      .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
      .addColumn('completed_at', 'timestamptz')
      .addColumn('position', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex(`${table}_account_id_idx`).on(table).column('account_id').execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['deposits', 'withdrawals', 'atms', 'account_transactions', 'accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
