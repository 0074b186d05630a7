/**
 * The kysely types of the ATM read model (migrations/…-create-read-models.ts): one row per ATM with
 * the cash in the machine and the part of it reserved by withdrawals in progress.
 */
import type { Timestamp } from '../accounts/accounts-table.ts';

export interface AtmsTable {
  id: string;
  /** Cents physically in the machine. */
  cash: number;
  /** Cents of `cash` promised to withdrawals not yet dispensed or declined. */
  reserved: number;
  registered_at: Timestamp;
  updated_at: Timestamp;
  /** The global position of the last event applied. */
  position: number;
}

export interface AtmsTables {
  atms: AtmsTable;
}

export const ATMS_TABLES: readonly (keyof AtmsTables)[] = ['atms'];
