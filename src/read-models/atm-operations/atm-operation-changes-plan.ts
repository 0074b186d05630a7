/**
 * What a batch of saga events changes in the ATM operations read model, folded in memory in event
 * order, per operation (the projection writes it in one update and one insert per table):
 *
 * - `update`: what the batch does to a row that already exists. PENDING steps never move a row; every
 *   other step sets the status, its reason (or keeps the row's), `updated_at`, `completed_at` when it
 *   completes (or keeps it) and the position. A refund moves a withdrawal to REFUNDED. `null` when the
 *   batch only repeats PENDING.
 * - `insert`: the row the batch creates when none exists: from the first step it has of the operation
 *   (a refund cannot create one), moved on by the later steps as above.
 *
 * Written as "update the rows that exist, then insert those that do not (on conflict do nothing)",
 * which is what applying the events one at a time gives.
 */
import type { AccountEventType, AuthorizationConfirmedData, AuthorizationFailedData, AuthorizationPurpose, WithdrawalRefundedData } from '../../domain/account/account-events.ts';
import type {
  DepositDeclinedData,
  DepositInitiatedData,
  DispenseFaultReportedData,
  TellerEventType,
  TellerMoneyDepositedData,
  TellerMoneyWithdrawnData,
  WithdrawalDeclinedData,
  WithdrawalInitiatedData,
} from '../../domain/teller/teller-events.ts';
import type { RecordedEvent } from '../../event-store/event-store.ts';
import type { AtmOperationsTables, WithdrawalStatus } from './atm-operations-table.ts';

export type OperationTable = keyof AtmOperationsTables;

/** One operation as one event describes it; `reason` undefined: the event does not change it. */
interface OperationStep {
  readonly table: OperationTable;
  readonly id: string;
  readonly accountId: string;
  readonly atmId: string;
  readonly amount: number;
  readonly status: 'PENDING' | 'COMPLETED' | 'DECLINED';
  readonly reason?: string;
  readonly at: Date | string;
  readonly completed?: boolean;
}

/** Where an operation stands after the batch's steps (for an update, `reason`/`completedAt` `null` keep the row's). */
export interface OperationState {
  readonly id: string;
  status: WithdrawalStatus;
  reason: string | null;
  updatedAt: Date | string;
  completedAt: Date | string | null;
  position: number;
}

export interface OperationInsert extends OperationState {
  readonly accountId: string;
  readonly atmId: string;
  readonly amount: number;
  readonly requestedAt: Date | string;
}

export interface OperationChanges {
  /** The row the batch creates when none exists; `null`: the batch cannot create one (a refund only). */
  insert: OperationInsert | null;
  /** What the batch does to an existing row; `null`: nothing (PENDING steps only). */
  update: OperationState | null;
}

export type AtmOperationChangesPlan = Record<OperationTable, Map<string, OperationChanges>>;

/** A step that moves a row on: every step but PENDING, and a refund. */
interface Move {
  readonly status: WithdrawalStatus;
  readonly reason: string | undefined;
  readonly at: Date | string;
  readonly completedAt: Date | string | undefined;
  readonly position: number;
}

function move(state: OperationState, change: Move): void {
  state.status = change.status;
  if (change.reason !== undefined) state.reason = change.reason;
  state.updatedAt = change.at;
  if (change.completedAt !== undefined) state.completedAt = change.completedAt;
  state.position = change.position;
}

const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;
const tableOf = (purpose: AuthorizationPurpose): OperationTable => (purpose.kind === 'withdrawal' ? 'withdrawals' : 'deposits');

/** The step an event is for its operation; a refund is `refund`; `undefined`: not an ATM operation's. */
function stepOf(event: RecordedEvent): OperationStep | { readonly refund: string; readonly at: string } | undefined {
  const at = event.createdAt;
  switch (event.eventType as AccountEventType | TellerEventType) {
    case 'Accounts.AuthorizationConfirmed': {
      const { accountId, purpose, confirmedAt } = dataOf<AuthorizationConfirmedData>(event);
      if (!purpose) return undefined;
      return { table: tableOf(purpose), id: purpose.operationId, accountId, atmId: purpose.atmId, amount: purpose.amount, status: 'PENDING', at: confirmedAt };
    }
    case 'Accounts.AuthorizationFailed': {
      const { accountId, purpose, failedAt, reason } = dataOf<AuthorizationFailedData>(event);
      if (!purpose) return undefined;
      return { table: tableOf(purpose), id: purpose.operationId, accountId, atmId: purpose.atmId, amount: purpose.amount, status: 'DECLINED', reason, at: failedAt };
    }
    case 'Tellers.WithdrawalInitiated': {
      const { withdrawalId: id, accountId, atmId, amount } = dataOf<WithdrawalInitiatedData>(event);
      return { table: 'withdrawals', id, accountId, atmId, amount, status: 'PENDING', at };
    }
    case 'Tellers.WithdrawalDeclined': {
      const { withdrawalId: id, accountId, atmId, amount, reason } = dataOf<WithdrawalDeclinedData>(event);
      return { table: 'withdrawals', id, accountId, atmId, amount, status: 'DECLINED', reason, at };
    }
    case 'Tellers.MoneyWithdrawn': {
      const { withdrawalId: id, accountId, atmId, amount } = dataOf<TellerMoneyWithdrawnData>(event);
      return { table: 'withdrawals', id, accountId, atmId, amount, status: 'COMPLETED', at, completed: true };
    }
    case 'Tellers.DispenseFaultReported': {
      const { withdrawalId: id, accountId, atmId, amount } = dataOf<DispenseFaultReportedData>(event);
      // Still COMPLETED (the account was debited) until the refund; completed_at keeps the dispense time.
      return { table: 'withdrawals', id, accountId, atmId, amount, status: 'COMPLETED', reason: 'DISPENSE_FAULT', at };
    }
    case 'Accounts.WithdrawalRefunded': {
      const { withdrawalId, refundedAt } = dataOf<WithdrawalRefundedData>(event);
      return { refund: withdrawalId, at: refundedAt };
    }
    case 'Tellers.DepositInitiated': {
      const { depositId: id, accountId, atmId, amount } = dataOf<DepositInitiatedData>(event);
      return { table: 'deposits', id, accountId, atmId, amount, status: 'PENDING', at };
    }
    case 'Tellers.MoneyDeposited': {
      const { depositId: id, accountId, atmId, amount } = dataOf<TellerMoneyDepositedData>(event);
      return { table: 'deposits', id, accountId, atmId, amount, status: 'COMPLETED', at, completed: true };
    }
    case 'Tellers.DepositDeclined': {
      const { depositId: id, accountId, atmId, amount, reason } = dataOf<DepositDeclinedData>(event);
      return { table: 'deposits', id, accountId, atmId, amount, status: 'DECLINED', reason, at };
    }
  }
  return undefined;
}

export function planAtmOperationChanges(events: readonly RecordedEvent[]): AtmOperationChangesPlan {
  const plan: AtmOperationChangesPlan = { withdrawals: new Map(), deposits: new Map() };
  for (const event of events) {
    const step = stepOf(event);
    if (step === undefined) continue;
    const isRefund = 'refund' in step;
    const table: OperationTable = isRefund ? 'withdrawals' : step.table;
    const id = isRefund ? step.refund : step.id;
    const changes = plan[table].get(id) ?? { insert: null, update: null };
    plan[table].set(id, changes);
    const change: Move | null = isRefund
      ? { status: 'REFUNDED', reason: undefined, at: step.at, completedAt: undefined, position: event.position }
      : step.status === 'PENDING'
        ? null
        : { status: step.status, reason: step.reason, at: step.at, completedAt: step.completed ? step.at : undefined, position: event.position };
    if (!isRefund && changes.insert === null) {
      changes.insert = {
        id,
        accountId: step.accountId,
        atmId: step.atmId,
        amount: step.amount,
        status: step.status,
        reason: step.reason ?? null,
        requestedAt: step.at,
        updatedAt: step.at,
        completedAt: step.completed ? step.at : null,
        position: event.position,
      };
    } else if (changes.insert !== null && change !== null) {
      move(changes.insert, change);
    }
    if (change !== null) {
      changes.update ??= { id, status: change.status, reason: null, updatedAt: change.at, completedAt: null, position: change.position };
      move(changes.update, change);
    }
  }
  return plan;
}
