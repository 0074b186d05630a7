/**
 * The accounts projection: keeps `accounts` (owner, balance, status, stream version) and its ledger
 * `account_transactions` from the account events, in one projection so that a balance and the sum
 * of its ledger always commit together.
 *
 * Balances are copied from the events (`newBalance`), never added up here, and every account update
 * only applies an event later than the row's `position`; ledger rows are keyed by event id. So
 * applying an event a second time changes nothing.
 *
 * A batch is folded in memory first (account-changes-plan.ts): the accounts it opens, the last state
 * of each account it touches, and its ledger rows. It is then written in at most three set-based
 * statements, whatever its size, instead of one or two per event: a rebuild and a busy runner are
 * bound by statements awaited one after the other, not by what each statement writes. The authorization events change no column but the
 * version, which stays equal to the stream's version. It writes through the transaction it is given
 * and names no schema, so a rebuild can point it at a shadow schema (`tx.withSchema(…)`).
 */
import { type Transaction, sql } from 'kysely';
import type { Projection } from '../../application/projection.ts';
import type { AccountEventType } from '../../domain/account/account-events.ts';
import { type AccountChangesPlan, planAccountChanges } from './account-changes-plan.ts';
import type { AccountStatus, AccountsTables } from './accounts-table.ts';
import { statementChunks } from '../statement-chunks.ts';

export const ACCOUNTS_PROJECTION_NAME = 'accounts';

const HANDLED: readonly AccountEventType[] = [
  'Accounts.AccountOpened',
  'Accounts.MoneyDeposited',
  'Accounts.MoneyWithdrawn',
  'Accounts.WithdrawalRefunded',
  'Accounts.AccountLocked',
  'Accounts.AccountUnlocked',
  'Accounts.AccountClosed',
  'Accounts.AuthorizationConfirmed',
  'Accounts.AuthorizationFailed',
];

type Tx = Transaction<AccountsTables>;


export function createAccountsProjection<DB extends AccountsTables>(): Projection<Transaction<DB>> {
  return {
    name: ACCOUNTS_PROJECTION_NAME,
    eventTypes: HANDLED,
    async handle(tx, events) {
      const plan = planAccountChanges(events);
      await resolveRefundAtms(tx as unknown as Tx, plan);
      await writeAccountChanges(tx as unknown as Tx, plan);
    },
  };
}

/** One row of the `(values …) as v(…)` list an update statement joins to `accounts`. */
interface AccountUpdateRow {
  id: string;
  balance: number | null;
  status: AccountStatus | null;
  updated_at: string;
  version: number;
  position: number;
}

/** A refund names only the withdrawal: its ATM is the one on that withdrawal's ledger row, in this batch or stored. */
async function resolveRefundAtms(tx: Tx, plan: AccountChangesPlan): Promise<void> {
  for (const refund of plan.refunds) {
    if (refund.row.atm_id !== undefined) continue;
    const row = await tx
      .selectFrom('account_transactions')
      .select('atm_id')
      .where('account_id', '=', refund.accountId)
      .where('operation_id', '=', refund.withdrawalId)
      .where('kind', '=', 'WITHDRAWAL')
      .executeTakeFirst();
    refund.row.atm_id = row?.atm_id ?? null;
  }
}

async function writeAccountChanges(tx: Tx, plan: AccountChangesPlan): Promise<void> {
  for (const rows of statementChunks(plan.openings)) {
    await tx.insertInto('accounts').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute();
  }
  for (const updates of statementChunks([...plan.updates.values()])) {
    const values = sql<AccountUpdateRow>`(values ${sql.join(
      updates.map((u) => sql`(${u.id}::uuid, ${u.balance}::bigint, ${u.status}::text, ${u.updatedAt}::timestamptz, ${u.version}::integer, ${u.position}::bigint)`),
    )})`;
    await tx
      .updateTable('accounts')
      .from(values.as<'v'>(sql`v(id, balance, status, updated_at, version, position)`))
      .set((eb) => ({
        balance: eb.fn.coalesce('v.balance', 'accounts.balance'),
        status: eb.fn.coalesce('v.status', 'accounts.status'),
        updated_at: eb.ref('v.updated_at'),
        version: eb.ref('v.version'),
        position: eb.ref('v.position'),
      }))
      .whereRef('accounts.id', '=', 'v.id')
      // Only an account whose row is older than the batch's last event for it: applying again changes nothing.
      .whereRef('accounts.position', '<', 'v.position')
      .execute();
  }
  for (const rows of statementChunks(plan.movements)) {
    await tx.insertInto('account_transactions').values(rows).onConflict((oc) => oc.column('event_id').doNothing()).execute();
  }
}
