/**
 * The event feed behind the GraphQL subscriptions: live streams read from the event store's catch-up
 * subscription (stored events after a position, then live appends, in order, each once), never from
 * notifications published by resolvers. Every event carries its position, so a client that lost its
 * connection resumes after the last position it saw and misses nothing.
 *
 * Events come from the upcasting store (current shapes only) and leave without secrets (`pinHash`),
 * as in the event log. The ATM withdrawal feed reads the withdrawals read model after each event of
 * the withdrawal's flow (its correlation id), once the read models include that event.
 *
 * Every feed takes an AbortSignal and ends, releasing its store subscription, when it aborts: a
 * client that leaves must not keep a subscription open until the next event arrives.
 */
import type { EventStore, EventFilter, GlobalPosition, RecordedEvent } from '../event-store/event-store.ts';
import type { BankReadModels, WithdrawalStatus, WithdrawalView } from './bank-read-models.ts';
import type { ConsistencyGate } from './consistency-gate.ts';
import { withoutSecrets } from './event-log.ts';

export interface EventFeedQuery {
  /** Events strictly after this position; from the current head (new events only) when omitted. */
  readonly afterPosition?: GlobalPosition;
  /** Only the events of this stream, e.g. `account-<id>`. */
  readonly streamId?: string;
  /** Only events of these exact (current) types. */
  readonly types?: readonly string[];
}

export interface EventFeed {
  /** Catch up after the position, then follow live appends, until `signal` aborts. */
  events(query: EventFeedQuery, signal: AbortSignal): AsyncGenerator<RecordedEvent, void, undefined>;
  /**
   * The withdrawal as the read model shows it now (when it exists), then each time its status or
   * reason changes; ends after a final status (COMPLETED, DECLINED or REFUNDED) or when `signal` aborts.
   */
  withdrawal(withdrawalId: string, signal: AbortSignal): AsyncGenerator<WithdrawalView, void, undefined>;
}

export interface EventFeedDependencies {
  /** The upcasting store. */
  readonly eventStore: EventStore;
  readonly readModels: Pick<BankReadModels, 'findWithdrawal'>;
  /** Waits until the read models include a position. */
  readonly readModelsGate: ConsistencyGate;
  /** How long to wait for the read models to include a withdrawal's event (default 30 s). */
  readonly readModelWaitMs?: number;
}

/** The event types that move a withdrawal's row in the read model (see atm-operations-projection.ts). */
export const WITHDRAWAL_EVENT_TYPES: readonly string[] = [
  'Accounts.AuthorizationConfirmed',
  'Accounts.AuthorizationFailed',
  'Accounts.WithdrawalRefunded',
  'Tellers.WithdrawalInitiated',
  'Tellers.WithdrawalDeclined',
  'Tellers.MoneyWithdrawn',
  'Tellers.DispenseFaultReported',
];

export const FINAL_WITHDRAWAL_STATUSES: ReadonlySet<WithdrawalStatus> = new Set(['COMPLETED', 'DECLINED', 'REFUNDED']);

const DEFAULT_READ_MODEL_WAIT_MS = 30_000;

export function createEventFeed({ eventStore, readModels, readModelsGate, readModelWaitMs = DEFAULT_READ_MODEL_WAIT_MS }: EventFeedDependencies): EventFeed {
  /** Catch-up subscription after `fromPosition`, ended by `signal`; `keep` filters exactly what the store filter narrowed. */
  async function* follow(fromPosition: GlobalPosition, filter: EventFilter, keep: (event: RecordedEvent) => boolean, signal: AbortSignal) {
    if (signal.aborted) return;
    const subscription = eventStore.subscribeToAll({ fromPosition, filter, signal });
    try {
      for await (const event of subscription) {
        if (signal.aborted) return;
        if (keep(event)) yield event;
      }
    } finally {
      await subscription.stop();
    }
  }

  /** The withdrawal once the read models include `position`; `undefined` when `signal` aborted meanwhile. */
  async function withdrawalAt(withdrawalId: string, position: GlobalPosition, signal: AbortSignal): Promise<WithdrawalView | null | undefined> {
    try {
      await readModelsGate.waitUntilProcessed(position, { timeoutMs: readModelWaitMs, signal });
    } catch (error) {
      if (signal.aborted) return undefined;
      throw error;
    }
    return readModels.findWithdrawal(withdrawalId);
  }

  return {
    async *events({ afterPosition, streamId, types }, signal) {
      const fromPosition = afterPosition ?? (await eventStore.headPosition());
      const typeSet = types && types.length > 0 ? new Set(types) : undefined;
      const filter: EventFilter = {
        ...(typeSet ? { eventTypePrefixes: [...typeSet] } : {}),
        ...(streamId !== undefined ? { streamPrefixes: [streamId] } : {}),
      };
      const keep = (event: RecordedEvent): boolean =>
        (typeSet === undefined || typeSet.has(event.eventType)) && (streamId === undefined || event.streamId === streamId);
      for await (const event of follow(fromPosition, filter, keep, signal)) yield withoutSecrets(event);
    },

    async *withdrawal(withdrawalId, signal) {
      const head = await eventStore.headPosition();
      let shown: WithdrawalView | null | undefined = await withdrawalAt(withdrawalId, head, signal);
      if (shown === undefined) return;
      if (shown !== null) {
        yield shown;
        if (FINAL_WITHDRAWAL_STATUSES.has(shown.status)) return;
      }
      const ofThisWithdrawal = (event: RecordedEvent): boolean => event.correlationId === withdrawalId;
      for await (const event of follow(head, { eventTypePrefixes: WITHDRAWAL_EVENT_TYPES }, ofThisWithdrawal, signal)) {
        const view = await withdrawalAt(withdrawalId, event.position, signal);
        if (view === undefined) return;
        if (view === null || (shown && view.status === shown.status && view.reason === shown.reason)) continue;
        shown = view;
        yield view;
        if (FINAL_WITHDRAWAL_STATUSES.has(view.status)) return;
      }
    },
  };
}
