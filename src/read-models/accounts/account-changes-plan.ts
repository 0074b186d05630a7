/**
 * What a batch of account events changes in the accounts read model, folded in memory in event order
 * (the accounts projection writes it in a few set-based statements):
 * - `openings`: a row per account opened;
 * - `updates`: per account touched after its opening, its state after the batch's last event for it
 *   (balance and status only where an event of the batch set them), with that event's version and
 *   position, so the guard "row older than this position" keeps re-applying harmless;
 * - `movements`: a ledger row per money event. A refund names only its withdrawal; its ATM is taken
 *   from a withdrawal of the same batch here, or left for the projection to look up (`refunds`).
 */
import type {
  AccountClosedData,
  AccountEventType,
  AccountLockedData,
  AccountOpenedData,
  AccountUnlockedData,
  AuthorizationConfirmedData,
  AuthorizationFailedData,
  MoneyDepositedData,
  MoneyWithdrawnData,
  WithdrawalRefundedData,
} from '../../domain/account/account-events.ts';
import type { RecordedEvent } from '../../event-store/event-store.ts';
import type { AccountStatus, AccountTransactionKind } from './accounts-table.ts';

export interface AccountOpening {
  readonly id: string;
  readonly owner: string;
  readonly balance: number;
  readonly status: AccountStatus;
  readonly opened_at: string;
  readonly updated_at: string;
  readonly version: number;
  readonly position: number;
}

export interface AccountUpdate {
  readonly id: string;
  /** `null`: no event of the batch changed it. */
  balance: number | null;
  status: AccountStatus | null;
  updatedAt: string;
  version: number;
  position: number;
}

export interface LedgerRow {
  readonly event_id: string;
  readonly account_id: string;
  readonly kind: AccountTransactionKind;
  readonly amount: number;
  readonly balance_after: number;
  /** `undefined` until a refund's ATM is known. */
  atm_id: string | null | undefined;
  readonly operation_id: string | null;
  readonly position: number;
  readonly occurred_at: string;
}

export interface RefundToResolve {
  readonly accountId: string;
  readonly withdrawalId: string;
  readonly row: LedgerRow;
}

export interface AccountChangesPlan {
  readonly openings: AccountOpening[];
  readonly updates: Map<string, AccountUpdate>;
  readonly movements: LedgerRow[];
  readonly refunds: RefundToResolve[];
}

/** Stored events were checked against their schema when written, and arrive upcast to the current shape. */
const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;

export function planAccountChanges(events: readonly RecordedEvent[]): AccountChangesPlan {
  const plan: AccountChangesPlan = { openings: [], updates: new Map(), movements: [], refunds: [] };
  /** `accountId/withdrawalId` → ATM of the withdrawals in this batch. */
  const withdrawalAtms = new Map<string, string | null>();
  const touch = (event: RecordedEvent, accountId: string, at: string, changes: { balance?: number; status?: AccountStatus }): void => {
    const update = plan.updates.get(accountId) ?? { id: accountId, balance: null, status: null, updatedAt: at, version: 0, position: 0 };
    if (changes.balance !== undefined) update.balance = changes.balance;
    if (changes.status !== undefined) update.status = changes.status;
    update.updatedAt = at;
    update.version = event.streamVersion;
    update.position = event.position;
    plan.updates.set(accountId, update);
  };
  const ledger = (event: RecordedEvent, kind: AccountTransactionKind, data: { accountId: string; amount: number; newBalance: number }, at: string, atmId: string | null | undefined, operationId: string | undefined): LedgerRow => {
    const row: LedgerRow = {
      event_id: event.eventId,
      account_id: data.accountId,
      kind,
      amount: data.amount,
      balance_after: data.newBalance,
      atm_id: atmId,
      operation_id: operationId ?? null,
      position: event.position,
      occurred_at: at,
    };
    plan.movements.push(row);
    return row;
  };

  for (const event of events) {
    switch (event.eventType as AccountEventType) {
      case 'Accounts.AccountOpened': {
        const data = dataOf<AccountOpenedData>(event);
        plan.openings.push({ id: data.accountId, owner: data.owner, balance: 0, status: 'OPEN', opened_at: data.openedAt, updated_at: data.openedAt, version: event.streamVersion, position: event.position });
        break;
      }
      case 'Accounts.MoneyDeposited': {
        const data = dataOf<MoneyDepositedData>(event);
        touch(event, data.accountId, data.depositedAt, { balance: data.newBalance });
        ledger(event, 'DEPOSIT', data, data.depositedAt, data.atmId ?? null, data.depositId);
        break;
      }
      case 'Accounts.MoneyWithdrawn': {
        const data = dataOf<MoneyWithdrawnData>(event);
        touch(event, data.accountId, data.withdrawnAt, { balance: data.newBalance });
        ledger(event, 'WITHDRAWAL', data, data.withdrawnAt, data.atmId ?? null, data.withdrawalId);
        if (data.withdrawalId !== undefined) withdrawalAtms.set(`${data.accountId}/${data.withdrawalId}`, data.atmId ?? null);
        break;
      }
      case 'Accounts.WithdrawalRefunded': {
        const data = dataOf<WithdrawalRefundedData>(event);
        touch(event, data.accountId, data.refundedAt, { balance: data.newBalance });
        const key = `${data.accountId}/${data.withdrawalId}`;
        const row = ledger(event, 'REFUND', data, data.refundedAt, withdrawalAtms.has(key) ? withdrawalAtms.get(key) : undefined, data.withdrawalId);
        if (row.atm_id === undefined) plan.refunds.push({ accountId: data.accountId, withdrawalId: data.withdrawalId, row });
        break;
      }
      case 'Accounts.AccountLocked': {
        const data = dataOf<AccountLockedData>(event);
        touch(event, data.accountId, data.lockedAt, { status: 'LOCKED' });
        break;
      }
      case 'Accounts.AccountUnlocked': {
        const data = dataOf<AccountUnlockedData>(event);
        touch(event, data.accountId, data.unlockedAt, { status: 'OPEN' });
        break;
      }
      case 'Accounts.AccountClosed': {
        const data = dataOf<AccountClosedData>(event);
        touch(event, data.accountId, data.closedAt, { status: 'CLOSED' });
        break;
      }
      case 'Accounts.AuthorizationConfirmed': {
        const data = dataOf<AuthorizationConfirmedData>(event);
        touch(event, data.accountId, data.confirmedAt, {});
        break;
      }
      case 'Accounts.AuthorizationFailed': {
        const data = dataOf<AuthorizationFailedData>(event);
        touch(event, data.accountId, data.failedAt, {});
        break;
      }
    }
  }
  return plan;
}
