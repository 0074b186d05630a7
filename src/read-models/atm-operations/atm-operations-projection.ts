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
 * when they are later than the row's `position`, so applying an event twice changes nothing.
 */
import type { Transaction } from 'kysely';
import type { Projection } from '../../application/projection.ts';
import type {
  AccountEventType,
  AuthorizationConfirmedData,
  AuthorizationFailedData,
  AuthorizationPurpose,
  WithdrawalRefundedData,
} from '../../domain/account/account-events.ts';
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
import type { AtmOperationsTables } from './atm-operations-table.ts';

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
type OperationTable = keyof AtmOperationsTables;

/** One operation as one event describes it; `status`/`reason` undefined: the event does not change them. */
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

const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;
const tableOf = (purpose: AuthorizationPurpose): OperationTable => (purpose.kind === 'withdrawal' ? 'withdrawals' : 'deposits');

export function createAtmOperationsProjection<DB extends AtmOperationsTables>(): Projection<Transaction<DB>> {
  return {
    name: ATM_OPERATIONS_PROJECTION_NAME,
    eventTypes: HANDLED,
    async handle(tx, events) {
      for (const event of events) await applyOperationEvent(tx as unknown as Tx, event);
    },
  };
}

async function applyOperationEvent(tx: Tx, event: RecordedEvent): Promise<void> {
  const at = event.createdAt;
  switch (event.eventType as AccountEventType | TellerEventType) {
    case 'Accounts.AuthorizationConfirmed': {
      const { accountId, purpose, confirmedAt } = dataOf<AuthorizationConfirmedData>(event);
      if (!purpose) return;
      const { operationId: id, atmId, amount } = purpose;
      return recordStep(tx, event, { table: tableOf(purpose), id, accountId, atmId, amount, status: 'PENDING', at: confirmedAt });
    }
    case 'Accounts.AuthorizationFailed': {
      const { accountId, purpose, failedAt, reason } = dataOf<AuthorizationFailedData>(event);
      if (!purpose) return;
      const { operationId: id, atmId, amount } = purpose;
      return recordStep(tx, event, { table: tableOf(purpose), id, accountId, atmId, amount, status: 'DECLINED', reason, at: failedAt });
    }
    case 'Tellers.WithdrawalInitiated': {
      const { withdrawalId: id, accountId, atmId, amount } = dataOf<WithdrawalInitiatedData>(event);
      return recordStep(tx, event, { table: 'withdrawals', id, accountId, atmId, amount, status: 'PENDING', at });
    }
    case 'Tellers.WithdrawalDeclined': {
      const { withdrawalId: id, accountId, atmId, amount, reason } = dataOf<WithdrawalDeclinedData>(event);
      return recordStep(tx, event, { table: 'withdrawals', id, accountId, atmId, amount, status: 'DECLINED', reason, at });
    }
    case 'Tellers.MoneyWithdrawn': {
      const { withdrawalId: id, accountId, atmId, amount } = dataOf<TellerMoneyWithdrawnData>(event);
      return recordStep(tx, event, { table: 'withdrawals', id, accountId, atmId, amount, status: 'COMPLETED', at, completed: true });
    }
    case 'Tellers.DispenseFaultReported': {
      const { withdrawalId: id, accountId, atmId, amount } = dataOf<DispenseFaultReportedData>(event);
      // Still COMPLETED (the account was debited) until the refund; completed_at keeps the dispense time.
      return recordStep(tx, event, { table: 'withdrawals', id, accountId, atmId, amount, status: 'COMPLETED', reason: 'DISPENSE_FAULT', at });
    }
    case 'Accounts.WithdrawalRefunded': {
      const { withdrawalId, refundedAt } = dataOf<WithdrawalRefundedData>(event);
      await tx
        .updateTable('withdrawals')
        .set({ status: 'REFUNDED', updated_at: refundedAt, position: event.position })
        .where('id', '=', withdrawalId)
        .where('position', '<', event.position)
        .execute();
      return;
    }
    case 'Tellers.DepositInitiated': {
      const { depositId: id, accountId, atmId, amount } = dataOf<DepositInitiatedData>(event);
      return recordStep(tx, event, { table: 'deposits', id, accountId, atmId, amount, status: 'PENDING', at });
    }
    case 'Tellers.MoneyDeposited': {
      const { depositId: id, accountId, atmId, amount } = dataOf<TellerMoneyDepositedData>(event);
      return recordStep(tx, event, { table: 'deposits', id, accountId, atmId, amount, status: 'COMPLETED', at, completed: true });
    }
    case 'Tellers.DepositDeclined': {
      const { depositId: id, accountId, atmId, amount, reason } = dataOf<DepositDeclinedData>(event);
      return recordStep(tx, event, { table: 'deposits', id, accountId, atmId, amount, status: 'DECLINED', reason, at });
    }
  }
}

/**
 * Creates the operation's row from this step, or moves an existing row to it. A PENDING step never
 * moves a row (it can only repeat what the row already says); the others apply when the event is later
 * than the row's `position`.
 */
async function recordStep(tx: Tx, event: RecordedEvent, step: OperationStep): Promise<void> {
  const completedAt = step.completed ? step.at : null;
  // The union of the two table names confuses kysely's per-table typing; both tables share one shape.
  const table = step.table as 'withdrawals';
  await tx
    .insertInto(table)
    .values({
      id: step.id,
      account_id: step.accountId,
      atm_id: step.atmId,
      amount: step.amount,
      status: step.status,
      reason: step.reason ?? null,
      requested_at: step.at,
      updated_at: step.at,
      completed_at: completedAt,
      position: event.position,
    })
    .onConflict((oc) => {
      if (step.status === 'PENDING') return oc.column('id').doNothing();
      return oc
        .column('id')
        .doUpdateSet((eb) => ({
          status: step.status,
          reason: step.reason ?? eb.ref(`${table}.reason`),
          updated_at: step.at,
          completed_at: completedAt ?? eb.ref(`${table}.completed_at`),
          position: event.position,
        }))
        .where(`${table}.position`, '<', event.position);
    })
    .execute();
}
