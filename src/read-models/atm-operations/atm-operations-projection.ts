/**
 * The ATM operations projection: where each ATM withdrawal (`withdrawals`) and ATM deposit
 * (`deposits`) stands, following the sagas' events across the account and teller streams.
 *
 * - Withdrawal: the PIN check (`AuthorizationConfirmed` with a withdrawal purpose, PENDING, or
 *   `AuthorizationFailed`, DECLINED with its reason) → `Tellers.WithdrawalInitiated` (PENDING) →
 *   `Tellers.MoneyWithdrawn` (COMPLETED) or `Tellers.WithdrawalDeclined` (DECLINED with its reason);
 *   after completion `Tellers.DispenseFaultReported` (reason DISPENSE_FAULT) and
 *   `Accounts.WithdrawalRefunded` (REFUNDED).
 * - Deposit: the PIN check as above → `Tellers.DepositInitiated` (PENDING) → `Tellers.MoneyDeposited`
 *   (COMPLETED) or `Tellers.DepositDeclined` (DECLINED). A deposit without an ATM is not an operation.
 *
 * The first event seen of an operation creates its row (whichever it is); later ones update it only
 * when they are later than the row's `position`, so applying an event twice changes nothing. A batch
 * is folded per operation in memory first (atm-operation-changes-plan.ts), then written with one
 * update and one insert per table, whatever its size.
 */
import { type Transaction, sql } from 'kysely';
import type { Projection } from '../../application/projection.ts';
import type { AccountEventType } from '../../domain/account/account-events.ts';
import type { TellerEventType } from '../../domain/teller/teller-events.ts';
import { type OperationChanges, type OperationTable, planAtmOperationChanges } from './atm-operation-changes-plan.ts';
import type { AtmOperationsTables } from './atm-operations-table.ts';
import { statementChunks } from '../statement-chunks.ts';

export const ATM_OPERATIONS_PROJECTION_NAME = 'atm-operations';

const HANDLED: readonly (AccountEventType | TellerEventType)[] = [
  'Accounts.AuthorizationConfirmed',
  'Accounts.AuthorizationFailed',
  'Accounts.WithdrawalRefunded',
  'Tellers.WithdrawalInitiated',
  'Tellers.WithdrawalDeclined',
  'Tellers.MoneyWithdrawn',
  'Tellers.DispenseFaultReported',
  'Tellers.DepositInitiated',
  'Tellers.MoneyDeposited',
  'Tellers.DepositDeclined',
];

type Tx = Transaction<AtmOperationsTables>;

/** One row of the `(values …) as v(…)` list an update joins to its table. */
interface OperationUpdateRow {
  id: string;
  status: string;
  reason: string | null;
  updated_at: Date | string;
  completed_at: Date | string | null;
  position: number;
}

export function createAtmOperationsProjection<DB extends AtmOperationsTables>(): Projection<Transaction<DB>> {
  return {
    name: ATM_OPERATIONS_PROJECTION_NAME,
    eventTypes: HANDLED,
    async handle(tx, events) {
      const plan = planAtmOperationChanges(events);
      for (const table of ['withdrawals', 'deposits'] as const) {
        for (const operations of statementChunks([...plan[table].values()])) await writeOperationChanges(tx as unknown as Tx, table, operations);
      }
    },
  };
}

/** Updates the rows that exist, then creates those that do not: what the steps one at a time would give. */
async function writeOperationChanges(tx: Tx, tableName: OperationTable, operations: readonly OperationChanges[]): Promise<void> {
  // The union of the two table names confuses kysely's per-table typing; both tables share one shape.
  const table = tableName as 'withdrawals';
  const updates = operations.flatMap((o) => (o.update ? [o.update] : []));
  if (updates.length > 0) {
    const values = sql<OperationUpdateRow>`(values ${sql.join(
      updates.map((u) => sql`(${u.id}::uuid, ${u.status}::text, ${u.reason}::text, ${u.updatedAt}::timestamptz, ${u.completedAt}::timestamptz, ${u.position}::bigint)`),
    )})`;
    await tx
      .updateTable(table)
      .from(values.as<'v'>(sql`v(id, status, reason, updated_at, completed_at, position)`))
      .set((eb) => ({
        status: sql`v.status`,
        reason: eb.fn.coalesce('v.reason', `${table}.reason`),
        updated_at: eb.ref('v.updated_at'),
        completed_at: eb.fn.coalesce('v.completed_at', `${table}.completed_at`),
        position: eb.ref('v.position'),
      }))
      .whereRef(`${table}.id`, '=', 'v.id')
      // Only a row older than the batch's last step of it: applying again changes nothing.
      .whereRef(`${table}.position`, '<', 'v.position')
      .execute();
  }
  const inserts = operations.flatMap((o) => (o.insert ? [o.insert] : []));
  if (inserts.length === 0) return;
  await tx
    .insertInto(table)
    .values(
      inserts.map((i) => ({
        id: i.id,
        account_id: i.accountId,
        atm_id: i.atmId,
        amount: i.amount,
        status: i.status,
        reason: i.reason,
        requested_at: i.requestedAt,
        updated_at: i.updatedAt,
        completed_at: i.completedAt,
        position: i.position,
      })),
    )
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
