/**
 * The kysely types of the accounts read model (migrations/…-create-read-models.ts): one row per
 * account, and its ledger, one row per money movement. Both are written by the accounts projection
 * only, in the same transaction, so a balance always equals the sum of its ledger.
 */
import type { ColumnType } from 'kysely';

/** A timestamptz: read as a Date, written as a Date or an ISO-8601 string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type AccountStatus = 'OPEN' | 'LOCKED' | 'CLOSED';
export type AccountTransactionKind = 'DEPOSIT' | 'WITHDRAWAL' | 'REFUND';

export interface AccountsTable {
  id: string;
  owner: string;
  /** Cents. */
  balance: number;
  status: AccountStatus;
  opened_at: Timestamp;
  updated_at: Timestamp;
  /** The version of the account's stream after the last event applied. */
  version: number;
  /** The global position of the last event applied. */
  position: number;
}

export interface AccountTransactionsTable {
  /** The event that moved the money: applying it twice finds its row and writes nothing. */
  event_id: string;
  account_id: string;
  kind: AccountTransactionKind;
  amount: number;
  balance_after: number;
  atm_id: string | null;
  /** The ATM withdrawal or deposit id, when the movement belongs to one. */
  operation_id: string | null;
  position: number;
  occurred_at: Timestamp;
}

export interface AccountsTables {
  accounts: AccountsTable;
  account_transactions: AccountTransactionsTable;
}

/** The tables the accounts projection writes, which a rebuild replaces together. */
export const ACCOUNTS_TABLES: readonly (keyof AccountsTables)[] = ['accounts', 'account_transactions'];
