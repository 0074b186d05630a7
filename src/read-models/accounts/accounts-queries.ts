/**
 * Reads of the accounts read model, mapped to the shapes the API serves (camelCase, cents as numbers,
 * times as Dates). Accounts are listed in the order they were opened; an account's ledger newest
 * first. `listTransactions` serves the ledgers of a whole page of accounts in one query, so a
 * GraphQL dataloader can batch them.
 */
import type { AccountTransactionView, AccountView } from '../../application/bank-read-models.ts';
import type { Kysely, Selectable } from 'kysely';
import { parseUuid } from '../../domain/ids.ts';
import type { Cents } from '../../domain/money.ts';
import {
  type Connection,
  decodeCursorOrThrow,
  type PageRequest,
  pageSizeOrThrow,
  toConnection,
} from '../read-model-pagination.ts';
import type { AccountsTable, AccountsTables, AccountTransactionsTable } from './accounts-table.ts';

export interface AccountsQueries {
  /** The account, or `null` when there is none with this id (or the id is not a UUID). */
  findAccount(id: string): Promise<AccountView | null>;
  /** Accounts in the order they were opened. */
  listAccounts(page?: PageRequest): Promise<Connection<AccountView>>;
  /**
   * The ledger of each account, newest first, in ONE query: result `i` belongs to `accountIds[i]`
   * (an empty page for an unknown id). The same `first`/`after` apply to every account; a cursor is a
   * global position, so it means "older than that" for any account.
   */
  listTransactions(accountIds: readonly string[], page?: PageRequest): Promise<Connection<AccountTransactionView>[]>;
  countRows(): Promise<{ readonly accounts: number; readonly accountTransactions: number }>;
}

type AccountCursor = [openedAt: string, id: string];
type TransactionCursor = [position: number];

const isAccountCursor = (key: unknown): key is AccountCursor =>
  Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && !Number.isNaN(Date.parse(key[0])) && parseUuid(String(key[1])) !== null;
const isTransactionCursor = (key: unknown): key is TransactionCursor =>
  Array.isArray(key) && key.length === 1 && Number.isSafeInteger(key[0]) && key[0] >= 0;

export function createAccountsQueries<DB extends AccountsTables>(database: Kysely<DB>): AccountsQueries {
  const db = database as unknown as Kysely<AccountsTables>;

  return {
    async findAccount(id) {
      const accountId = parseUuid(id);
      if (accountId === null) return null;
      const row = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
      return row === undefined ? null : toAccountView(row);
    },

    async listAccounts(page = {}) {
      const size = pageSizeOrThrow(page.first);
      const after = decodeCursorOrThrow(page.after, isAccountCursor);
      let query = db.selectFrom('accounts').selectAll().orderBy('opened_at').orderBy('id').limit(size + 1);
      if (after) {
        const [openedAt, id] = after;
        query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('opened_at', 'id'), '>', tuple(new Date(openedAt), id)));
      }
      const rows = await query.execute();
      return toConnection(rows, size, toAccountView, (row) => [row.opened_at.toISOString(), row.id]);
    },

    async listTransactions(accountIds, page = {}) {
      const size = pageSizeOrThrow(page.first);
      const after = decodeCursorOrThrow(page.after, isTransactionCursor);
      const ids = [...new Set(accountIds.map(parseUuid).filter((id) => id !== null))];
      const byAccount = new Map<string, Selectable<AccountTransactionsTable>[]>();
      if (ids.length > 0) {
        const rows = await db
          .selectFrom('accounts as a')
          .innerJoinLateral(
            (eb) => {
              let ledger = eb.selectFrom('account_transactions as t').selectAll('t').whereRef('t.account_id', '=', 'a.id');
              if (after) ledger = ledger.where('t.position', '<', after[0]);
              return ledger.orderBy('t.position', 'desc').limit(size + 1).as('page');
            },
            (join) => join.onTrue(),
          )
          .selectAll('page')
          .where('a.id', 'in', ids)
          .orderBy('page.position', 'desc')
          .execute();
        for (const row of rows) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row]);
      }
      return accountIds.map((id) =>
        toConnection(byAccount.get(parseUuid(id) ?? '') ?? [], size, toTransactionView, (row) => [Number(row.position)]),
      );
    },

    async countRows() {
      const count = async (table: keyof AccountsTables): Promise<number> => {
        const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('rows')).executeTakeFirstOrThrow();
        return Number(row.rows);
      };
      const [accounts, accountTransactions] = await Promise.all([count('accounts'), count('account_transactions')]);
      return { accounts, accountTransactions };
    },
  };
}

function toAccountView(row: Selectable<AccountsTable>): AccountView {
  return {
    id: row.id,
    owner: row.owner,
    balance: Number(row.balance) as Cents,
    status: row.status,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    position: Number(row.position),
  };
}

function toTransactionView(row: Selectable<AccountTransactionsTable>): AccountTransactionView {
  return {
    id: row.event_id,
    accountId: row.account_id,
    kind: row.kind,
    amount: Number(row.amount) as Cents,
    balanceAfter: Number(row.balance_after) as Cents,
    atmId: row.atm_id,
    operationId: row.operation_id,
    position: Number(row.position),
    occurredAt: row.occurred_at,
  };
}
