/**
 * The accounts projection: keeps `accounts` (owner, balance, status, stream version) and its ledger
 * `account_transactions` from the account events, in one projection so that a balance and the sum
 * of its ledger always commit together.
 *
 * Balances are copied from the events (`newBalance`), never added up here, and every account update
 * only applies an event later than the row's `position`; ledger rows are keyed by event id. So
 * applying an event a second time changes nothing. The authorization events change no column but the
 * version, which stays equal to the stream's version. It writes through the transaction it is given
 * and names no schema, so a rebuild can point it at a shadow schema (`tx.withSchema(…)`).
 */
import type { Transaction, Updateable } from 'kysely';
import type { Projection } from '../../application/projection.ts';
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
import type { AccountsTable, AccountsTables, AccountTransactionKind } from './accounts-table.ts';

export const ACCOUNTS_PROJECTION_NAME = 'accounts';

const HANDLED: readonly AccountEventType[] = [
  'Accounts.AccountOpened',
  'Accounts.MoneyDeposited',
  'Accounts.MoneyWithdrawn',
  'Accounts.WithdrawalRefunded',
  'Accounts.AccountLocked',
  'Accounts.AccountUnlocked',
  'Accounts.AccountClosed',
  'Accounts.AuthorizationConfirmed',
  'Accounts.AuthorizationFailed',
];

type Tx = Transaction<AccountsTables>;

/** Stored events were checked against their schema when written, and arrive upcast to the current shape. */
const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;

export function createAccountsProjection<DB extends AccountsTables>(): Projection<Transaction<DB>> {
  return {
    name: ACCOUNTS_PROJECTION_NAME,
    eventTypes: HANDLED,
    async handle(tx, events) {
      for (const event of events) await applyAccountEvent(tx as unknown as Tx, event);
    },
  };
}

async function applyAccountEvent(tx: Tx, event: RecordedEvent): Promise<void> {
  switch (event.eventType as AccountEventType) {
    case 'Accounts.AccountOpened':
      return openAccount(tx, event, dataOf<AccountOpenedData>(event));
    case 'Accounts.MoneyDeposited': {
      const data = dataOf<MoneyDepositedData>(event);
      await updateAccount(tx, event, data.accountId, data.depositedAt, { balance: data.newBalance });
      return recordMovement(tx, event, 'DEPOSIT', data.accountId, data.amount, data.newBalance, data.depositedAt, {
        atmId: data.atmId,
        operationId: data.depositId,
      });
    }
    case 'Accounts.MoneyWithdrawn': {
      const data = dataOf<MoneyWithdrawnData>(event);
      await updateAccount(tx, event, data.accountId, data.withdrawnAt, { balance: data.newBalance });
      return recordMovement(tx, event, 'WITHDRAWAL', data.accountId, data.amount, data.newBalance, data.withdrawnAt, {
        atmId: data.atmId,
        operationId: data.withdrawalId,
      });
    }
    case 'Accounts.WithdrawalRefunded': {
      const data = dataOf<WithdrawalRefundedData>(event);
      await updateAccount(tx, event, data.accountId, data.refundedAt, { balance: data.newBalance });
      const atmId = await atmOfWithdrawal(tx, data.accountId, data.withdrawalId);
      return recordMovement(tx, event, 'REFUND', data.accountId, data.amount, data.newBalance, data.refundedAt, {
        atmId,
        operationId: data.withdrawalId,
      });
    }
    case 'Accounts.AccountLocked': {
      const data = dataOf<AccountLockedData>(event);
      return updateAccount(tx, event, data.accountId, data.lockedAt, { status: 'LOCKED' });
    }
    case 'Accounts.AccountUnlocked': {
      const data = dataOf<AccountUnlockedData>(event);
      return updateAccount(tx, event, data.accountId, data.unlockedAt, { status: 'OPEN' });
    }
    case 'Accounts.AccountClosed': {
      const data = dataOf<AccountClosedData>(event);
      return updateAccount(tx, event, data.accountId, data.closedAt, { status: 'CLOSED' });
    }
    case 'Accounts.AuthorizationConfirmed': {
      const data = dataOf<AuthorizationConfirmedData>(event);
      return updateAccount(tx, event, data.accountId, data.confirmedAt, {});
    }
    case 'Accounts.AuthorizationFailed': {
      const data = dataOf<AuthorizationFailedData>(event);
      return updateAccount(tx, event, data.accountId, data.failedAt, {});
    }
  }
}

async function openAccount(tx: Tx, event: RecordedEvent, data: AccountOpenedData): Promise<void> {
  await tx
    .insertInto('accounts')
    .values({
      id: data.accountId,
      owner: data.owner,
      balance: 0,
      status: 'OPEN',
      opened_at: data.openedAt,
      updated_at: data.openedAt,
      version: event.streamVersion,
      position: event.position,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Applies `changes` and the event's version, unless the row already reflects this event or a later one. */
async function updateAccount(
  tx: Tx,
  event: RecordedEvent,
  accountId: string,
  at: string,
  changes: Pick<Updateable<AccountsTable>, 'balance' | 'status'>,
): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({ ...changes, updated_at: at, version: event.streamVersion, position: event.position })
    .where('id', '=', accountId)
    .where('position', '<', event.position)
    .execute();
}

async function recordMovement(
  tx: Tx,
  event: RecordedEvent,
  kind: AccountTransactionKind,
  accountId: string,
  amount: number,
  balanceAfter: number,
  occurredAt: string,
  operation: { readonly atmId: string | null | undefined; readonly operationId: string | undefined },
): Promise<void> {
  await tx
    .insertInto('account_transactions')
    .values({
      event_id: event.eventId,
      account_id: accountId,
      kind,
      amount,
      balance_after: balanceAfter,
      atm_id: operation.atmId ?? null,
      operation_id: operation.operationId ?? null,
      position: event.position,
      occurred_at: occurredAt,
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .execute();
}

/** A refund names only the withdrawal: its ATM is the one on the ledger row of that withdrawal. */
async function atmOfWithdrawal(tx: Tx, accountId: string, withdrawalId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('account_transactions')
    .select('atm_id')
    .where('account_id', '=', accountId)
    .where('operation_id', '=', withdrawalId)
    .where('kind', '=', 'WITHDRAWAL')
    .executeTakeFirst();
  return row?.atm_id ?? null;
}
