/**
 * The read side the API serves from: plain query functions over the projections, returning plain
 * objects (cents as numbers, times as Dates). The composition root binds them to the read-model
 * queries of src/read-models; GraphQL depends on this port only, never on a database.
 *
 * Lists are cursor pages: a cursor is opaque, handed out as `pageInfo.endCursor`, and only valid for
 * the list that handed it out. A page size outside 0…100 or a cursor of another list makes a list
 * function reject with an error named `InvalidPageRequestError` (a mistake of the caller, which the
 * API reports as bad input). Reads see the projections as they are: after an EVENTUAL command they
 * may not show it yet.
 */
import type { Cents } from '../domain/money.ts';

export interface PageRequest {
  /** How many items, 0 to 100; 20 when omitted. */
  readonly first?: number;
  /** The `endCursor` of the previous page. */
  readonly after?: string | null;
}

export interface Page<Node> {
  readonly nodes: readonly Node[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

export type AccountStatus = 'OPEN' | 'LOCKED' | 'CLOSED';

export interface AccountView {
  readonly id: string;
  readonly owner: string;
  readonly balance: Cents;
  readonly status: AccountStatus;
  readonly openedAt: Date;
  readonly updatedAt: Date;
  /** The account stream's version this view reflects. */
  readonly version: number;
  /** The global position of the last event this view reflects. */
  readonly position: number;
}

export type AccountTransactionKind = 'DEPOSIT' | 'WITHDRAWAL' | 'REFUND';

export interface AccountTransactionView {
  /** The id of the event that moved the money. */
  readonly id: string;
  readonly accountId: string;
  readonly kind: AccountTransactionKind;
  readonly amount: Cents;
  readonly balanceAfter: Cents;
  readonly atmId: string | null;
  /** The ATM withdrawal or deposit the movement belongs to. */
  readonly operationId: string | null;
  readonly position: number;
  readonly occurredAt: Date;
}

export interface AtmView {
  readonly id: string;
  readonly cash: Cents;
  readonly reserved: Cents;
  readonly available: Cents;
  readonly registeredAt: Date;
  readonly updatedAt: Date;
}

export type WithdrawalStatus = 'PENDING' | 'COMPLETED' | 'DECLINED' | 'REFUNDED';
export type DepositStatus = 'PENDING' | 'COMPLETED' | 'DECLINED';

export interface AtmOperationView<Status extends string> {
  readonly id: string;
  readonly accountId: string;
  readonly atmId: string;
  readonly amount: Cents;
  readonly status: Status;
  /** Why it was declined, `DISPENSE_FAULT` after a refund, else `null`. */
  readonly reason: string | null;
  readonly requestedAt: Date;
  readonly updatedAt: Date;
  readonly completedAt: Date | null;
}

export type WithdrawalView = AtmOperationView<WithdrawalStatus>;
export type DepositView = AtmOperationView<DepositStatus>;

export interface BankReadModels {
  /** `null` when there is no such account (or the id is not a UUID). */
  findAccount(id: string): Promise<AccountView | null>;
  /** Accounts in the order they were opened. */
  listAccounts(page?: PageRequest): Promise<Page<AccountView>>;
  /**
   * The ledger of each account, newest first, in ONE query: result `i` belongs to `accountIds[i]`
   * (an empty page for an unknown id). The same page request applies to every account.
   */
  listTransactionsForAccounts(accountIds: readonly string[], page?: PageRequest): Promise<readonly Page<AccountTransactionView>[]>;
  findAtm(id: string): Promise<AtmView | null>;
  listAtms(page?: PageRequest): Promise<Page<AtmView>>;
  findWithdrawal(id: string): Promise<WithdrawalView | null>;
  findDeposit(id: string): Promise<DepositView | null>;
}

/** A page size or cursor that a list cannot serve: a mistake of the caller. */
export class InvalidPageRequestError extends RangeError {
  override readonly name = 'InvalidPageRequestError';
}

/**
 * True for the error a list rejects with when the page size or cursor is not one it can serve
 * (checked by name: the read models throw their own class of the same name).
 */
export function isInvalidPageRequestError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'InvalidPageRequestError';
}
