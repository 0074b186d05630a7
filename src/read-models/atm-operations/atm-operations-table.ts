/**
 * The kysely types of the ATM operations read model (migrations/…-create-read-models.ts): where each
 * ATM withdrawal and ATM deposit stands, from the PIN check to its end. Both tables share one shape.
 */
import type { Timestamp } from '../accounts/accounts-table.ts';

/** PENDING until the saga ends; REFUNDED after a dispense fault gave the money back (withdrawals only). */
export type WithdrawalStatus = 'PENDING' | 'COMPLETED' | 'DECLINED' | 'REFUNDED';
export type DepositStatus = 'PENDING' | 'COMPLETED' | 'DECLINED';

export interface AtmOperationsTable<Status extends string> {
  /** The withdrawal id or deposit id. */
  id: string;
  account_id: string;
  atm_id: string;
  amount: number;
  status: Status;
  /** Why it was declined (`WRONG_PIN`, `INSUFFICIENT_FUNDS`, `ATM_OUT_OF_CASH`, …), or `DISPENSE_FAULT`. */
  reason: string | null;
  requested_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
  /** The global position of the last event applied. */
  position: number;
}

export interface AtmOperationsTables {
  withdrawals: AtmOperationsTable<WithdrawalStatus>;
  deposits: AtmOperationsTable<DepositStatus>;
}

export const ATM_OPERATIONS_TABLES: readonly (keyof AtmOperationsTables)[] = ['withdrawals', 'deposits'];
