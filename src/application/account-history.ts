/**
 * An account as it stood at a past moment, replayed from its own stream: the events up to a global
 * position and/or up to a recording time are folded with the account decider's `evolve`, so the answer
 * is what the decider itself saw then, not what a projection kept. The PIN hash stays inside: the
 * result has the shape of the read model's account view, plus the money movements up to that moment.
 */
import { accountDecider, type AccountState } from '../domain/account/account-decider.ts';
import type { AccountEvent } from '../domain/account/account-events.ts';
import { accountStreamId, parseUuid } from '../domain/ids.ts';
import type { Cents } from '../domain/money.ts';
import type { EventStore, GlobalPosition, RecordedEvent } from '../event-store/event-store.ts';
import {
  type AccountTransactionKind,
  type AccountTransactionView,
  type AccountView,
  InvalidPageRequestError,
  type Page,
  type PageRequest,
} from './bank-read-models.ts';

/** The moment to look at: events at or before `position`, and recorded at or before `time`. At least one is given. */
export interface AsOf {
  readonly position?: GlobalPosition;
  readonly time?: Date;
}

export interface AccountAsOf {
  readonly account: AccountView;
  /** The money movements up to that moment, newest first. */
  readonly transactions: readonly AccountTransactionView[];
}

export interface AccountHistory {
  /** `null` when the account did not exist yet at that moment (or never did). */
  accountAsOf(accountId: string, asOf: AsOf): Promise<AccountAsOf | null>;
}

const MOVEMENTS: Partial<Record<string, { readonly kind: AccountTransactionKind; readonly operationKey: string }>> = {
  'Accounts.MoneyDeposited': { kind: 'DEPOSIT', operationKey: 'depositId' },
  'Accounts.MoneyWithdrawn': { kind: 'WITHDRAWAL', operationKey: 'withdrawalId' },
  'Accounts.WithdrawalRefunded': { kind: 'REFUND', operationKey: 'withdrawalId' },
};

export function createAccountHistory(eventStore: Pick<EventStore, 'readStream'>): AccountHistory {
  return {
    async accountAsOf(id, { position = Number.MAX_SAFE_INTEGER, time }) {
      const accountId = parseUuid(id);
      if (accountId === null) return null;
      const events = (await eventStore.readStream(accountStreamId(accountId))).filter(
        (event) => event.position <= position && (time === undefined || event.createdAt.getTime() <= time.getTime()),
      );
      let state: AccountState = accountDecider.initialState;
      for (const event of events) state = accountDecider.evolve(state, { type: event.eventType, data: event.data } as unknown as AccountEvent);
      const last = events.at(-1);
      const opened = events.find((event) => event.eventType === 'Accounts.AccountOpened');
      if (state.status === 'notOpened' || !last || !opened) return null;
      const account: AccountView = {
        id: state.accountId,
        owner: state.owner,
        balance: state.balance,
        status: state.status === 'closed' ? 'CLOSED' : state.isLocked ? 'LOCKED' : 'OPEN',
        openedAt: timeOf(opened),
        updatedAt: timeOf(last),
        version: last.streamVersion,
        position: last.position,
      };
      return { account, transactions: events.flatMap((event) => movementOf(event)).reverse() };
    },
  };
}

/** When the event happened, as the command stamped it (its `…At` field), else when it was recorded. */
function timeOf(event: RecordedEvent): Date {
  const stamp = Object.entries(event.data).find(([key, value]) => key.endsWith('At') && typeof value === 'string')?.[1];
  const parsed = typeof stamp === 'string' ? new Date(stamp) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : event.createdAt;
}

function movementOf(event: RecordedEvent): AccountTransactionView[] {
  const movement = MOVEMENTS[event.eventType];
  if (!movement) return [];
  const { data } = event;
  const operationId = data[movement.operationKey];
  return [
    {
      id: event.eventId,
      accountId: String(data.accountId),
      kind: movement.kind,
      amount: Number(data.amount) as Cents,
      balanceAfter: Number(data.newBalance) as Cents,
      atmId: typeof data.atmId === 'string' ? data.atmId : null,
      operationId: typeof operationId === 'string' ? operationId : null,
      position: event.position,
      occurredAt: timeOf(event),
    },
  ];
}

/**
 * A page of movements already in memory (newest first), with the same contract as the read model's
 * ledger pages: the cursor is opaque and means "older than the last one returned".
 */
export function pageOfMovements(movements: readonly AccountTransactionView[], { first = 20, after }: PageRequest = {}): Page<AccountTransactionView> {
  if (!Number.isInteger(first) || first < 0 || first > 100) {
    throw new InvalidPageRequestError(`"first" must be a whole number from 0 to 100, but is ${String(first)}.`);
  }
  const before = after === undefined || after === null ? Number.POSITIVE_INFINITY : positionInCursorOrThrow(after);
  const older = movements.filter((movement) => movement.position < before);
  const nodes = older.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { hasNextPage: older.length > first, endCursor: last ? Buffer.from(`asOf:${last.position}`).toString('base64url') : null },
  };
}

function positionInCursorOrThrow(cursor: string): number {
  const match = /^asOf:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const position = match ? Number(match[1]) : Number.NaN;
  if (!Number.isSafeInteger(position)) {
    throw new InvalidPageRequestError(`The cursor "${cursor}" was not handed out by this list. Pass the endCursor of the previous page.`);
  }
  return position;
}
