/**
 * Reads of the ATM operations read model: one ATM withdrawal or deposit by id, mapped to the shapes
 * the API serves.
 */
import type { AtmOperationView, DepositView, WithdrawalView } from '../../application/bank-read-models.ts';
import type { Kysely, Selectable } from 'kysely';
import { parseUuid } from '../../domain/ids.ts';
import type { Cents } from '../../domain/money.ts';
import type { AtmOperationsTable, AtmOperationsTables, WithdrawalStatus } from './atm-operations-table.ts';

export interface AtmOperationsQueries {
  /** The withdrawal, or `null` when there is none with this id (or the id is not a UUID). */
  findWithdrawal(id: string): Promise<WithdrawalView | null>;
  /** The deposit, or `null` when there is none with this id (or the id is not a UUID). */
  findDeposit(id: string): Promise<DepositView | null>;
  countRows(): Promise<{ readonly withdrawals: number; readonly deposits: number }>;
}

export function createAtmOperationsQueries<DB extends AtmOperationsTables>(database: Kysely<DB>): AtmOperationsQueries {
  const db = database as unknown as Kysely<AtmOperationsTables>;

  const find = async <Table extends keyof AtmOperationsTables>(table: Table, id: string) => {
    const operationId = parseUuid(id);
    if (operationId === null) return null;
    // Both tables share one shape; kysely cannot see that through the union of their names.
    const row = await db
      .selectFrom(table as 'withdrawals')
      .selectAll()
      .where('id', '=', operationId)
      .executeTakeFirst();
    return row === undefined ? null : (toOperationView(row) as AtmOperationView<AtmOperationsTables[Table]['status']>);
  };

  const count = async (table: keyof AtmOperationsTables): Promise<number> => {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('rows')).executeTakeFirstOrThrow();
    return Number(row.rows);
  };

  return {
    findWithdrawal: (id) => find('withdrawals', id),
    findDeposit: (id) => find('deposits', id),
    async countRows() {
      const [withdrawals, deposits] = await Promise.all([count('withdrawals'), count('deposits')]);
      return { withdrawals, deposits };
    },
  };
}

function toOperationView(row: Selectable<AtmOperationsTable<WithdrawalStatus>>): AtmOperationView<WithdrawalStatus> {
  return {
    id: row.id,
    accountId: row.account_id,
    atmId: row.atm_id,
    amount: Number(row.amount) as Cents,
    status: row.status,
    reason: row.reason,
    requestedAt: row.requested_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}
